import { Option, type Command } from "commander";
import type { CommandResult } from "@vdsim/client";
import { describeApplied } from "../format.js";
import { parseDuration } from "../parse.js";
import { UserError } from "../context.js";

export interface WaitFlags {
  readonly wait?: boolean;
  readonly timeout: number;
}

/** Adds --wait and --timeout to a command that changes the cluster. */
export function withWait(cmd: Command): Command {
  return cmd
    .option("--wait", "return only once every host the change concerns has applied it")
    .addOption(new Option("--timeout <duration>", "how long --wait waits").argParser(parseDuration).default(30_000, "30s"));
}

export function waitOptions(flags: WaitFlags): { waitMs?: number } {
  return flags.wait ? { waitMs: flags.timeout } : {};
}

/** Prints the outcome of a change; with --wait, fails naming every host that did not apply it. */
export function report(what: string, result: CommandResult, flags: WaitFlags): void {
  if (result.seq === null) {
    console.log(`${what}: already so, nothing recorded`);
    return;
  }
  console.log(`${what} (event ${result.seq})`);
  if (!flags.wait) return;
  console.log(describeApplied(result));
  const pending = result.pending ?? [];
  if (pending.length > 0) {
    const names = pending.map((p) => `${p.host} (${p.status === "notResponding" ? "not responding" : "connected, still applying"})`);
    throw new UserError(
      `the change is recorded at event ${result.seq} but was not applied within ${flags.timeout} ms on ${names.join(", ")}; it applies when the host catches up`,
    );
  }
}
