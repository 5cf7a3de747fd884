import type { Command } from "commander";
import { replay } from "@vdsim/client";
import type { StoredEvent } from "@vdsim/client";
import type { EventEnvelope } from "@vdsim/model";
import { withClient, type GlobalOptions } from "../context.js";
import { describeEvent, describeQuarantined, table } from "../format.js";
import { parseIntArg } from "../parse.js";
import { registerSnapshotCommands } from "./snapshots.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

export function registerEventCommands(program: Command): void {
  const events = program.command("events").description("the event log");

  events
    .command("tail")
    .description("print the event log, newest last")
    .option("-n, --lines <n>", "how many of the latest events to print", parseIntArg, 20)
    .option("--from <seq>", "print from this sequence instead", parseIntArg)
    .option("-f, --follow", "keep printing new events")
    .option("--json", "one JSON object per line")
    .action(async (opts: { lines: number; from?: number; follow?: boolean; json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const store = await client.eventStore();
        const last = await store.lastSeq();
        const from = opts.from ?? Math.max(1, last - opts.lines + 1);
        const print = (e: StoredEvent): void => {
          let env: EventEnvelope;
          try {
            env = e.envelope;
          } catch (err) {
            // what every follower skips: shown in its place, marked
            const reason = err instanceof Error ? err.message : String(err);
            console.log(opts.json ? JSON.stringify({ seq: e.seq, subject: e.subject, quarantined: true, reason }) : describeQuarantined(e.seq, e.subject, reason));
            return;
          }
          console.log(opts.json ? JSON.stringify({ seq: e.seq, subject: e.subject, ...env }) : describeEvent(e.seq, env));
        };
        let seen = from - 1;
        for await (const e of store.read({ from, to: last })) {
          print(e);
          seen = e.seq;
        }
        if (!opts.follow) return;
        const sub = store.follow(seen + 1);
        const stop = (): void => void sub.stop();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        for await (const e of sub) print(e);
      });
    });

  events
    .command("replay")
    .description("rebuild the state from the nearest snapshot (or sequence 1); with --verify compare it with the live management and host state")
    .option("--until <seq>", "stop at this sequence", parseIntArg)
    .option("--verify", "compare state hashes with the management service and every host agent; exit 1 on any difference")
    .option("--from-scratch", "fold from sequence 1, not from a snapshot; with --verify compare every snapshot with the fold too")
    .option("--json", "machine-readable output")
    .action(async (opts: { until?: number; verify?: boolean; fromScratch?: boolean; json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const r = await replay(client, { ...(opts.until === undefined ? {} : { until: opts.until }), verify: opts.verify ?? false, fromScratch: opts.fromScratch ?? false });
        if (opts.json) console.log(JSON.stringify(r, null, 2));
        else {
          const rate = r.ms > 0 ? Math.round((r.events / r.ms) * 1000) : r.events;
          for (const s of r.rejectedSnapshots) console.log(`snapshot at sequence ${s.seq} is not used: ${s.reason}`);
          const from = r.from ? `from the snapshot at sequence ${r.from.seq}` : "from sequence 1";
          console.log(`replayed ${r.events} events ${from} through sequence ${r.seq} in ${r.ms.toFixed(0)} ms${r.events > 0 ? ` (${rate} events/s)` : ""}`);
          console.log(`state hash ${r.hash}`);
          if (r.quarantined.length > 0) {
            console.log(`skipped ${r.quarantined.length} quarantined message(s), as every follower does:`);
            for (const q of r.quarantined) console.log(`  #${q.seq} ${q.subject}: ${q.reason}`);
          }
          if (opts.verify) {
            console.log();
            console.log(
              table(
                ["Compared with", "At seq", "Live hash", "Replayed hash", "Result"],
                r.checks.map((c) => [c.who, c.seq, short(c.liveHash), short(c.replayHash), c.ok ? "match" : `MISMATCH: ${c.problem ?? ""}`]),
              ),
            );
          }
        }
        if (opts.verify && !r.ok) {
          process.exitCode = 1;
          if (!opts.json) console.error(`Error: replay does not match the live state of ${r.checks.filter((c) => !c.ok).map((c) => c.who).join(", ")}`);
        }
      });
    });

  registerSnapshotCommands(events);
}

const short = (h: string | null): string => (h === null ? "-" : h.slice(0, 16));
