import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** The README shows its example scripts exactly as the files the walk-through runs. */
describe("README.md's example scripts", () => {
  const readme = readFileSync(resolve(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w+\n([\s\S]*?)\n```/g)];

  it("embeds the pyVmomi example", () => {
    expect(blocks.map((b) => b[1])).toContain("examples/pyvmomi/portgroups.py");
  });

  for (const [, file, code] of blocks) {
    it(`shows ${file} as it is`, () => {
      expect(code).toBe(readFileSync(resolve(ROOT, file!), "utf8").trimEnd());
    });
  }
});
