import type { Command } from "commander";
import { pingall, type PingallReport } from "@vdsim/client";
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

  program
    .command("pingall")
    .description("every vNIC pings every other: pairs the configuration connects must reach, pairs it isolates must not")
    .option("--timeout <ms>", "how long an isolated pair is given to answer, ms", parseIntArg, 800)
    .option("--json", "machine-readable output")
    .action(async (opts: { timeout: number; json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const r = await pingall(client, { timeoutMs: opts.timeout });
        if (opts.json) console.log(JSON.stringify(r, null, 2));
        else printPingall(r);
        if (r.unexpected > 0) process.exitCode = 1;
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
        const rows = await client.flows();
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

/** Mininet's layout: one row per vNIC, X where it got no answer; then why each isolated pair is isolated. */
function printPingall(r: PingallReport): void {
  console.log(`*** Ping: testing reachability between ${r.nics.length} vNICs`);
  const width = Math.max(0, ...r.nics.map((n) => n.label.length));
  for (const n of r.nics) {
    const row = r.pairs.filter((p) => p.from === n.label).map((p) => (p.reached ? p.to : "X".padEnd(p.to.length)));
    console.log(`${n.label.padEnd(width)} -> ${row.join(" ")}`.trimEnd());
  }
  const isolated = r.pairs.filter((p) => !p.expected.reachable);
  if (isolated.length > 0) {
    console.log("*** Isolated by the configuration:");
    for (const p of isolated) console.log(`  ${p.from} -> ${p.to}: ${p.expected.reachable ? "" : p.expected.reason}${p.reached ? "  (UNEXPECTED: it answered)" : ""}`);
  }
  for (const p of r.pairs.filter((x) => x.expected.reachable && !x.reached)) console.log(`  ${p.from} -> ${p.to}: UNEXPECTED: no answer`);
  const reached = r.pairs.filter((p) => p.reached).length;
  console.log(`*** Results: ${r.pairs.length} pairs, ${reached} reached, ${isolated.length} isolated as configured, ${r.unexpected} unexpected`);
}

export function registerGuestCommands(program: Command): void {
  const port = program.command("port").description("ports of the hosts' switches");
  port
    .command("stats")
    .argument("[owner]", "only this VM's or vmknic's ports")
    .description("packets and bytes in and out, and drops by reason (vlan, security, shaping, blocked, no-port, mtu)")
    .option("--json", "machine-readable output")
    .action(async (owner: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const rows = (await client.portCounters())
          .filter((p) => owner === undefined || p.owner === owner || p.owner.startsWith(`${owner}#`))
          .sort((a, b) => `${a.host}/${a.owner}`.localeCompare(`${b.host}/${b.owner}`));
        if (owner !== undefined && rows.length === 0) throw new UserError(`no port found for "${owner}"`);
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          table(
            ["Host", "Owner", "Port", "Port group", "Pkts in", "Bytes in", "Pkts out", "Bytes out", "Drop vlan", "Drop security", "Drop shaping", "Drop blocked", "Drop no-port", "Drop mtu"],
            rows.map((p) => [p.host, p.owner, p.portId, p.portGroup, p.packetsIn, p.bytesIn, p.packetsOut, p.bytesOut, p.dropped.vlan, p.dropped.security, p.dropped.shaping, p.dropped.blocked, p.dropped.noPort, p.dropped.mtu]),
          ),
        );
      });
    });

  const guest = program.command("guest").description("what a VM's guest operating system does to its vNIC");
  guest
    .command("spoof")
    .argument("<vm>", "VM whose guest sends")
    .argument("<target>", "a VM name or IPv4 address")
    .requiredOption("--src-mac <mac>", "the forged source MAC")
    .option("-c, --count <n>", "frames to send", parseIntArg, 1)
    .description("send echo requests with a forged source MAC (forged transmits policy)")
    .action(async (vm: string, target: string, opts: { srcMac: string; count: number }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const { sent } = await client.spoofFromVm(vm, opts.srcMac, target, opts.count);
        console.log(`${vm} sent ${sent} frame${sent === 1 ? "" : "s"} from ${opts.srcMac}; "vdsim port stats ${vm}" shows whether the port dropped them`);
      });
    });
  guest
    .command("set-mac")
    .argument("<vm>", "VM whose guest changes its MAC")
    .argument("<mac>", "the new MAC address")
    .description("the guest changes its vNIC's MAC address (MAC address changes policy)")
    .action(async (vm: string, mac: string, _opts: unknown, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const r = await client.setGuestMac(vm, mac);
        console.log(`${vm} now uses MAC ${r.mac}`);
      });
    });
}
