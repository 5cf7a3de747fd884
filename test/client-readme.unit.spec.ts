import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLIENT = resolve(fileURLToPath(new URL("../packages/client", import.meta.url)));

/** The client's README shows its examples exactly as the files that compile and run. */
describe("packages/client/README.md", () => {
  const readme = readFileSync(resolve(CLIENT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/<!-- example: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)];

  it("embeds both examples", () => {
    expect(blocks.map((b) => b[1])).toEqual(["examples/cluster-in-a-test.ts", "examples/scenario-from-code.ts"]);
  });

  for (const [, file, code] of blocks) {
    it(`shows ${file} as it is`, () => {
      expect(code).toBe(readFileSync(resolve(CLIENT, file!), "utf8").trimEnd());
    });
  }
});
