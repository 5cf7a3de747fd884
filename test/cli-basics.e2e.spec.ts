import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runVdsim, VDSIM_BIN } from "./support/cli.js";

const VERSION = (JSON.parse(readFileSync(new URL("../packages/cli/package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Runs the binary with its stdout a pipe whose reader is gone before anything is written, as `| head` leaves it. */
function intoClosedPipe(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [VDSIM_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("the vdsim binary", () => {
  it("--version prints the version", async () => {
    const r = await runVdsim(["--version"]);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it("ends quietly when its output pipe closes (vdsim --help | head)", async () => {
    const r = await intoClosedPipe(["--help"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("an unknown option is refused with usage, exit 1", async () => {
    const r = await runVdsim(["--colour"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown option '--colour'/);
  });
});
