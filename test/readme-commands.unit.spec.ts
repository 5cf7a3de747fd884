import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readReadme, readmeCommands } from "./support/readme.js";

const README = readReadme(resolve(fileURLToPath(new URL("../README.md", import.meta.url))));

/** What test/readme.e2e.spec.ts runs is what a reader of README.md pastes. */
describe("the README's command blocks", () => {
  it("Quick start holds the two commands: run the demo, run the tests", () => {
    expect(readmeCommands(README, "## Quick start").map((c) => c.text.replace(/\s+#.*$/, ""))).toEqual([
      "npm ci && npm run demo",
      "npm ci && npm test",
    ]);
  });

  it("Using it is one walk-through from `up` to `down`, with its long-running command marked", () => {
    const commands = readmeCommands(README, "## Using it");
    expect(commands[0]?.text).toMatch(/^npx vdsim up --hosts 3\b/);
    expect(commands.at(-1)?.text).toMatch(/^npx vdsim down\b/);
    expect(commands.filter((c) => c.untilInterrupted).map((c) => c.text)).toEqual([expect.stringMatching(/^npx vdsim events tail --follow\b/)]);
    expect(commands.every((c) => c.text.startsWith("npx vdsim "))).toBe(true);
  });

  it("leaves out sample output and other sections", () => {
    const text = ["## Using it", "```sh", "npx vdsim a   # remark", "#   output", "```", "prose", "```yaml", "k: v", "```", "## Next", "```sh", "npx vdsim b", "```"].join("\n");
    expect(readmeCommands(text, "## Using it")).toEqual([{ line: 3, text: "npx vdsim a   # remark", untilInterrupted: false }]);
    const nested = ["## A", "```sh", "npx vdsim a", "```", "### B", "```sh", "npx vdsim b", "```", "## C", "```sh", "npx vdsim c", "```"].join("\n");
    expect(readmeCommands(nested, "## A").map((c) => c.text)).toEqual(["npx vdsim a", "npx vdsim b"]);
    expect(readmeCommands(nested, "### B").map((c) => c.text)).toEqual(["npx vdsim b"]);
  });
});
