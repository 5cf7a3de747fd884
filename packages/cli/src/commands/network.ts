import type { Command } from "commander";
import type { TrafficFlowStats } from "@vdsim/protocol";
import { UserError, withClient, type GlobalOptions } from "../context.js";
import { table } from "../format.js";
import { parseIntArg } from "../parse.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

export function registerNetworkCommands(program: Command): void {
  program
    .command("ping")
    .argument("<vm>", "VM whose guest sends the echo requests")
    .argument("<target>", "a VM name or an IPv4 address")
    .description("ICMP echo from a VM's guest stack through the simulated data plane")
    .option("-c, --count <n>", "echo requests to send", parseIntArg, 3)
    .option("--interval <ms>", "time between requests, ms", parseIntArg, 200)
    .option("--timeout <ms>", "how long to wait for each reply, ms", parseIntArg, 1000)
    .action(async (vm: string, target: string, opts: { count: number; interval: number; timeout: number }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const r = await client.pingFromVm({ vm, target, count: opts.count, intervalMs: opts.interval, timeoutMs: opts.timeout });
        console.log(`PING ${target} (${r.targetIp}) from ${vm} (${r.from.ip})`);
        r.rtts.forEach((rtt, i) =>
          console.log(rtt === null ? `Request timeout for icmp_seq ${i + 1}` : `64 bytes from ${r.targetIp}: icmp_seq=${i + 1} time=${rtt.toFixed(2)} ms`),
        );
        const loss = r.sent === 0 ? 0 : Math.round(((r.sent - r.received) / r.sent) * 100);
        console.log(`\n--- ${r.targetIp} ping statistics ---\n${r.sent} packets transmitted, ${r.received} received, ${loss}% packet loss`);
        if (r.received === 0) process.exitCode = 1;
      });
    });

  const traffic = program.command("traffic").description("traffic generators between VMs");
  traffic
    .command("start")
    .argument("<from>", "sending VM")
    .argument("<to>", "receiving VM or IPv4 address")
    .description("start a constant-rate stream of frames from one VM to another")
    .option("--pps <n>", "frames per second", parseIntArg, 100)
    .option("--length <bytes>", "frame length", parseIntArg, 512)
    .option("--name <flow>", "flow name (default FROM->TO)")
    .action(async (from: string, to: string, opts: { pps: number; length: number; name?: string }, cmd: Command) => {
      if (opts.pps < 1 || opts.pps > 100_000) throw new UserError(`invalid --pps ${opts.pps}: expected 1-100000`);
      await withClient(g(cmd), async (client) => {
        const { flow } = await client.startTraffic({ flow: opts.name ?? `${from}->${to}`, fromVm: from, to, pps: opts.pps, length: opts.length });
        console.log(`traffic flow ${flow} started at ${opts.pps} frames/s; "vdsim traffic stats" shows it, "vdsim traffic stop" ends it`);
      });
    });
  traffic
    .command("stop")
    .argument("[flow]", "flow name (default: every flow)")
    .description("stop traffic flows")
    .action(async (flow: string | undefined, _opts: unknown, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const stopped = await client.stopTraffic(flow);
        if (flow !== undefined && stopped.length === 0) throw new UserError(`traffic flow "${flow}" not found`);
        console.log(stopped.length === 0 ? "no traffic flow was running" : `stopped ${stopped.join(", ")}`);
      });
    });
  traffic
    .command("stats")
    .description("sent, received, lost and the longest gap of each flow")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const rows = summarizeFlows(await client.trafficStats());
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          table(
            ["Flow", "From", "To", "Sent", "Received", "Lost", "Longest gap (ms)", "State"],
            rows.map((r) => [r.flow, r.from, r.to, r.sent, r.received, r.lost, r.longestGapMs.toFixed(1), r.running ? "running" : "stopped"]),
          ),
        );
      });
    });
}

export interface FlowSummary {
  readonly flow: string;
  readonly from: string;
  readonly to: string;
  readonly sent: number;
  readonly received: number;
  readonly lost: number;
  readonly longestGapMs: number;
  readonly running: boolean;
}

/** Joins each flow's sender figures (on one host) with its receiver figures (on another). */
export function summarizeFlows(stats: readonly TrafficFlowStats[]): FlowSummary[] {
  const flows = [...new Set(stats.map((s) => s.flow))].sort();
  return flows.map((flow) => {
    const sender = stats.find((s) => s.flow === flow && s.role === "sender");
    const receiver = stats.find((s) => s.flow === flow && s.role === "receiver");
    const sent = sender?.sent ?? 0;
    const received = receiver?.received ?? 0;
    return {
      flow,
      from: sender?.vm ?? "?",
      to: receiver?.vm ?? sender?.peerIp ?? "?",
      sent,
      received,
      lost: Math.max(0, sent - received),
      longestGapMs: receiver?.longestGapMs ?? 0,
      running: sender?.running ?? false,
    };
  });
}
