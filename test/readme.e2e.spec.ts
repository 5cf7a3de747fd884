import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { down } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import { readReadme, readmeCommands, type ReadmeCommand } from "./support/readme.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const CLONE = join(mkdtempSync(join(tmpdir(), "vdsim-readme-")), "vdsim");

/** A shell as a new user's: nothing of this test run's npm, vitest or vdsim settings, no display. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|VDSIM_|NATS_)/.test(k) || ["INIT_CWD", "NODE_ENV", "DISPLAY", "TEST", "NODE_OPTIONS"].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs a README line in the clone with bash, as pasted; `interruptWhen` sends Ctrl-C once the output satisfies it. */
function runLine(text: string, interruptWhen?: (output: string) => boolean, cwd = CLONE): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn("bash", ["-c", text], { cwd, env: userEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let interrupted = false;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (interruptWhen && !interrupted && interruptWhen(output)) {
        interrupted = true;
        process.kill(-child.pid!, "SIGINT");
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, output }));
  });
}

/** Pids whose command line names `dir` (nats-server's store, the services' state dir). */
function processesOf(dir: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const described = (c: ReadmeCommand): string => `README.md:${c.line}: ${c.text.replace(/\s+#.*$/, "")}`;

/**
 * The README as a new user types it: a fresh clone of this checkout, then the Quick start and
 * the "Using it" walk-through exactly as printed, each line with bash in the clone.
 */
describe("the README, as a new user types it on a fresh clone", () => {
  const readme = readReadme(join(ROOT, "README.md"));
  const quickStart = readmeCommands(readme, "## Quick start");
  // every section whose blocks run on one machine (the Docker, Kubernetes and several-machine
  // ones need a Docker engine or other machines)
  const sections = ["## Using it", "## The vSphere API: pyVmomi, govc, Ansible", "## Checking consistency: `vdsim check`", "## Snapshots: catch-up that does not grow with the log", "## Scenarios as code", "### A NATS cluster on one machine", "### Many hosts on one machine: racks", "## Chaos experiments"];
  const walkThrough = sections.flatMap((h) => readmeCommands(readme, h));
  let failed: string | undefined;

  beforeAll(async () => {
    const clone = await runLine(`git clone --quiet ${JSON.stringify(ROOT)} ${JSON.stringify(CLONE)}`, undefined, ROOT);
    expect(clone.code, clone.output).toBe(0);
  }, 120_000);

  afterAll(async () => {
    for (const stateDir of [".vdsim", ".vdsim-3", ".vdsim-racks"]) await down(join(CLONE, stateDir)).catch(() => undefined);
    rmSync(resolve(CLONE, ".."), { recursive: true, force: true });
  }, 60_000);

  for (const command of quickStart) {
    // `npm test` is the command that runs this very test: .ci/run runs it as printed
    if (/\bnpm test\b/.test(command.text)) continue;
    it(described(command), async () => {
      const ran = await runLine(command.text);
      expect(ran.code, ran.output.slice(-4000)).toBe(0);
    }, 600_000);
  }

  for (const command of walkThrough) {
    it(described(command), async (ctx) => {
      if (failed) ctx.skip(`an earlier line failed: ${failed}`);
      try {
        if (command.untilInterrupted) {
          // it prints the log, then keeps following: Ctrl-C once it has printed events
          const ran = await runLine(command.text, (out) => /^\s*\d+\s+\d{4}-\d\d-\d\dT\S+\s+\w+/m.test(out));
          expect(ran.output).not.toMatch(/\n\s+at /);
          expect(ran.code === 0 || ran.code === 130 || ran.signal === "SIGINT", `exit ${ran.code} ${ran.signal}\n${ran.output}`).toBe(true);
        } else {
          const ran = await runLine(command.text);
          expect(ran.code, ran.output).toBe(0);
        }
      } catch (err) {
        failed = described(command);
        throw err;
      }
    }, 240_000);
  }

  it("`vdsim down` at the end left no process of the walk-through running", async () => {
    const status = await runLine("npx vdsim status");
    expect(status.output).toMatch(/no running cluster/);
    await waitFor("no process running from the clone", () => (processesOf(CLONE).length === 0 ? true : undefined), 10_000);
  });
});
