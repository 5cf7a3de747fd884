import type { Command } from "commander";
import { withClient, type GlobalOptions } from "../context.js";
import { table } from "../format.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

const size = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);

/** `events snapshot` (write one now) and `events snapshots` (list them), under `vdsim events`. */
export function registerSnapshotCommands(events: Command): void {
  events
    .command("snapshot")
    .description("have the management service write a snapshot of the state now")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const s = await client.writeSnapshot();
        if (opts.json) console.log(JSON.stringify(s, null, 2));
        else console.log(`snapshot at sequence ${s.seq}: state hash ${s.hash.slice(0, 16)}, ${size(s.bytes)} (${size(s.storedBytes)} stored), written ${s.writtenAt}`);
      });
    });

  events
    .command("snapshots")
    .description("list the snapshots a replay, a restarted service or a new host can start from")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const list = (await (await client.snapshotStore())?.list()) ?? [];
        if (opts.json) console.log(JSON.stringify(list, null, 2));
        else if (list.length === 0) console.log("no snapshots yet: the management service writes one every --snapshot-every events of `vdsim up` (default 1,000), and on `vdsim events snapshot`");
        else console.log(table(["Seq", "State hash", "Size", "Stored", "Written"], list.map((s) => [s.seq, s.hash.slice(0, 16), size(s.bytes), size(s.storedBytes), s.writtenAt])));
      });
    });
}
