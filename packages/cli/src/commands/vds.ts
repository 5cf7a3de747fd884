import type { Command } from "commander";
import { LOAD_BALANCING, type LoadBalancing, type PortGroupPolicyPatch, type VlanSpec } from "@vdsim/model";
import { UserError, withClient, type GlobalOptions } from "../context.js";
import { describePolicy, table } from "../format.js";
import { parseBool, parseIntArg, parseList, parseVlanArg } from "../parse.js";
import { report, waitOptions, withWait, type WaitFlags } from "./changes.js";

const g = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

export function registerVdsCommands(program: Command): void {
  const vds = program.command("vds").description("vSphere Distributed Switches (managed centrally, like the Web Client)");

  withWait(
    vds
      .command("create")
      .argument("<name>", "switch name")
      .description("create a distributed switch")
      .option("--uplinks <n>", "number of uplink ports (uplink1..N)", parseIntArg, 2)
      .option("--mtu <bytes>", "MTU", parseIntArg, 1500)
      .option("--max-ports <n>", "ports the switch may hold", parseIntArg),
  ).action(async (name: string, opts: WaitFlags & { uplinks: number; mtu: number; maxPorts?: number }, cmd: Command) => {
    await withClient(g(cmd), async (client) => {
      const r = await client.createSwitch(
        name,
        { uplinks: opts.uplinks, mtu: opts.mtu, ...(opts.maxPorts === undefined ? {} : { maxPorts: opts.maxPorts }) },
        waitOptions(opts),
      );
      report(`created distributed switch ${name}`, r, opts);
    });
  });

  withWait(
    vds
      .command("set")
      .argument("<name>", "switch name")
      .description("change a distributed switch's MTU; every member host's proxy switch takes it")
      .requiredOption("--mtu <bytes>", "MTU (1280-9000)", parseIntArg),
  ).action(async (name: string, opts: WaitFlags & { mtu: number }, cmd: Command) => {
    await withClient(g(cmd), async (client) => report(`reconfigured distributed switch ${name}: MTU ${opts.mtu}`, await client.reconfigureSwitch(name, { mtu: opts.mtu }, waitOptions(opts)), opts));
  });

  withWait(
    vds
      .command("remove")
      .argument("<name>", "switch name")
      .description("remove a distributed switch no VM uses"),
  ).action(async (name: string, opts: WaitFlags, cmd: Command) => {
    await withClient(g(cmd), async (client) => report(`removed distributed switch ${name}`, await client.removeSwitch(name, waitOptions(opts)), opts));
  });

  withWait(
    vds
      .command("add-host")
      .argument("<vds>", "switch name")
      .argument("<host>", "host name")
      .description("add a host to a distributed switch; its vmnics back uplink1, uplink2, ... in order")
      .option("--uplink <vmnic...>", "physical NICs for the uplinks (default: every vmnic but vmnic0)", parseList),
  ).action(async (vdsName: string, host: string, opts: WaitFlags & { uplink?: string[] }, cmd: Command) => {
    await withClient(g(cmd), async (client) => {
      const r = await client.addHostToSwitch(vdsName, host, opts.uplink, waitOptions(opts));
      report(`added host ${host} to ${vdsName}`, r, opts);
    });
  });

  withWait(
    vds
      .command("remove-host")
      .argument("<vds>", "switch name")
      .argument("<host>", "host name")
      .description("remove a host from a distributed switch"),
  ).action(async (vdsName: string, host: string, opts: WaitFlags, cmd: Command) => {
    await withClient(g(cmd), async (client) =>
      report(`removed host ${host} from ${vdsName}`, await client.removeHostFromSwitch(vdsName, host, waitOptions(opts)), opts),
    );
  });

  vds
    .command("list")
    .description("list distributed switches")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const { switches } = await client.status();
        if (opts.json) return console.log(JSON.stringify(switches, null, 2));
        console.log(
          table(
            ["Name", "Uplinks", "MTU", "Ports used", "Hosts", "Port groups"],
            switches.map((s) => [
              s.name,
              s.uplinks.join(","),
              s.mtu,
              `${s.portsUsed}/${s.maxPorts}`,
              s.hosts.map((h) => `${h.host}(${Object.entries(h.uplinks).map(([u, n]) => `${u}=${n}`).join(",")})`).join(" ") || "-",
              s.portGroups.join(",") || "-",
            ]),
          ),
        );
      });
    });

  registerPortGroupCommands(vds);
}

interface SetFlags extends WaitFlags {
  vlan?: VlanSpec;
  allowPromiscuous?: boolean;
  allowMacChange?: boolean;
  allowForgedTransmits?: boolean;
  avgBandwidth?: number;
  peakBandwidth?: number;
  burstSize?: number;
  shaping?: boolean;
  loadBalancing?: string;
  activeUplinks?: string[];
  standbyUplinks?: string[];
  notifySwitches?: boolean;
  failback?: boolean;
  blocked?: boolean;
}

function registerPortGroupCommands(vds: Command): void {
  const pg = vds.command("portgroup").description("distributed port groups");

  withWait(
    pg
      .command("add")
      .argument("<vds>", "switch name")
      .argument("<portgroup>", "port group name (unique in the datacenter)")
      .description("add a distributed port group")
      .option("--vlan <id>", "VLAN ID 0-4094, or a trunk range such as 100-200,300", parseVlanArg)
      .option("--ports <n>", "number of dvPorts", parseIntArg, 8),
  ).action(async (vdsName: string, name: string, opts: WaitFlags & { vlan?: VlanSpec; ports: number }, cmd: Command) => {
    await withClient(g(cmd), async (client) => {
      const r = await client.addPortGroup(vdsName, name, { ports: opts.ports, ...(opts.vlan ? { vlan: opts.vlan } : {}) }, waitOptions(opts));
      report(`added port group ${name} to ${vdsName}`, r, opts);
    });
  });

  withWait(
    pg
      .command("set")
      .argument("<vds>", "switch name")
      .argument("<portgroup>", "port group name")
      .description("change a distributed port group's policy")
      .option("--vlan <id>", "VLAN ID 0-4094, or a trunk range such as 100-200,300", parseVlanArg)
      .option("--allow-promiscuous <bool>", "security: promiscuous mode", parseBool)
      .option("--allow-mac-change <bool>", "security: MAC address changes", parseBool)
      .option("--allow-forged-transmits <bool>", "security: forged transmits", parseBool)
      .option("--avg-bandwidth <kbps>", "traffic shaping (ingress and egress): average bandwidth, kbit/s", parseIntArg)
      .option("--peak-bandwidth <kbps>", "traffic shaping: peak bandwidth, kbit/s", parseIntArg)
      .option("--burst-size <kb>", "traffic shaping: burst size, KB", parseIntArg)
      .option("--shaping <bool>", "turn traffic shaping on or off", parseBool)
      .option("--load-balancing <policy>", `teaming: ${LOAD_BALANCING.join(", ")}`)
      .option("--active-uplinks <uplinks>", "teaming: active uplinks, comma-separated", parseList)
      .option("--standby-uplinks <uplinks>", "teaming: standby uplinks, comma-separated", parseList)
      .option("--notify-switches <bool>", "teaming: notify switches (RARP) on failover and vMotion", parseBool)
      .option("--failback <bool>", "teaming: failback", parseBool)
      .option("--blocked <bool>", "block every port of the group", parseBool),
  ).action(async (vdsName: string, name: string, opts: SetFlags, cmd: Command) => {
    const patch: PortGroupPolicyPatch = {
      vlan: opts.vlan,
      allowPromiscuous: opts.allowPromiscuous,
      allowMacChanges: opts.allowMacChange,
      allowForgedTransmits: opts.allowForgedTransmits,
      averageKbps: opts.avgBandwidth,
      peakKbps: opts.peakBandwidth,
      burstKB: opts.burstSize,
      shapingEnabled: opts.shaping,
      loadBalancing: opts.loadBalancing as LoadBalancing | undefined,
      activeUplinks: opts.activeUplinks,
      standbyUplinks: opts.standbyUplinks,
      notifySwitches: opts.notifySwitches,
      failback: opts.failback,
      blocked: opts.blocked,
    };
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as PortGroupPolicyPatch;
    await withClient(g(cmd), async (client) => {
      const r = await client.setPortGroupPolicy(vdsName, name, defined, waitOptions(opts));
      report(`reconfigured port group ${name} on ${vdsName}`, r, opts);
    });
  });

  withWait(
    pg
      .command("remove")
      .argument("<vds>", "switch name")
      .argument("<portgroup>", "port group name")
      .description("remove a distributed port group no VM uses"),
  ).action(async (vdsName: string, name: string, opts: WaitFlags, cmd: Command) => {
    await withClient(g(cmd), async (client) =>
      report(`removed port group ${name} from ${vdsName}`, await client.removePortGroup(vdsName, name, waitOptions(opts)), opts),
    );
  });

  pg.command("list")
    .argument("[vds]", "only this switch's port groups")
    .description("list distributed port groups with their policies")
    .option("--json", "machine-readable output")
    .action(async (vdsName: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      await withClient(g(cmd), async (client) => {
        const status = await client.status();
        if (vdsName !== undefined && !status.switches.some((s) => s.name === vdsName)) {
          throw new UserError(`Distributed switch "${vdsName}" not found`);
        }
        const groups = status.portGroups.filter((p) => vdsName === undefined || p.vds === vdsName);
        if (opts.json) return console.log(JSON.stringify(groups, null, 2));
        console.log(
          table(
            ["Name", "Switch", "Key", "VLAN", "Ports", "Security (P/M/F)", "Shaping", "Active", "Standby", "Blocked"],
            groups.map((p) => {
              const d = describePolicy(p.policy);
              const sec = [p.policy.security.allowPromiscuous, p.policy.security.allowMacChanges, p.policy.security.allowForgedTransmits]
                .map((b) => (b ? "accept" : "reject"))
                .join("/");
              return [p.name, p.vds, p.key, p.vlan, `${p.portsInUse}/${p.ports}`, sec, d["Ingress shaping"] ?? "", d["Active uplinks"] ?? "", d["Standby uplinks"] ?? "", d.Blocked ?? ""];
            }),
          ),
        );
      });
    });
}
