import { dirname } from "node:path";
import type { Command } from "commander";
import { down, embeddedNats, readClusterRecord, resolveStateDir, restartHost, restartManagement, up, type ClusterRecord, type VsphereApiRecord } from "@vdsim/cluster";
import { isAlive, plantedBugsWarning } from "@vdsim/runtime";
import { plantBugOption } from "./planted.js";
import { SUMMARIZE_ABOVE } from "./status-hosts.js";
import { natsNodeViews, printProcesses, printStatus, summarizes } from "./status-view.js";
import { parseIntArg } from "../parse.js";
import { UserError, withClient, type GlobalOptions } from "../context.js";

/** "https://127.0.0.1:PORT/sdk, user administrator@vsphere.local, password in FILE" */
function describeVsphereApi(v: VsphereApiRecord): string {
  return `${v.url}, user ${v.user}, password ${v.passwordFile === null ? "from VDSIM_VSPHERE_PASSWORD" : `in ${v.passwordFile}`}`;
}

/** "esx-01 (pid 1), esx-02 (pid 2)", or for racks "100 hosts in 2 racks: rack-01 esx-01..esx-50 (pid 1), ..." */
function describeHostProcesses(record: ClusterRecord): string {
  const hosts = Object.entries(record.hosts);
  const racks = Object.entries(record.racks ?? {});
  if (racks.length === 0) return hosts.map(([h, pid]) => `${h} (pid ${pid})`).join(", ") || "none";
  const SHOWN = 6;
  const shown = racks.slice(0, SHOWN).map(([name, members]) => `${name} ${members[0]}..${members.at(-1)} (pid ${record.hosts[members[0] ?? ""]})`);
  return `${hosts.length} hosts in ${racks.length} racks: ${shown.join(", ")}${racks.length > SHOWN ? `, and ${racks.length - SHOWN} more` : ""}`;
}

export function registerClusterCommands(program: Command): void {
  program
    .command("up")
    .description("start NATS (unless --nats), the management service and N host agents in the background")
    .option("--hosts <n>", "number of simulated hosts (esx-01..esx-NN), up to 2000", parseIntArg, 3)
    .option("--hosts-per-process <k>", "run the hosts K to a process (racks rack-01, rack-02, ...; a rack is killed and restarted as one)", parseIntArg, 1)
    .option("--no-dashboard", "do not start the web dashboard")
    .option("--no-vsphere-api", "do not start the vSphere API (vim25 over HTTPS at /sdk, for pyVmomi, govc and the tools built on them)")
    .option("--vsphere-port <port>", "the vSphere API's HTTPS port on 127.0.0.1 (default: a free one)", parseIntArg)
    .option("--nats-cluster <n>", "run N nats-servers clustered on loopback (JetStream replicas 3) instead of one", parseIntArg)
    .option("--replicas <n>", "JetStream replicas of the event stream when it is created (default 3 with --nats-cluster, else 1)", parseIntArg)
    .option("--snapshot-every <n>", "the management service writes a snapshot of the state every N events, 0 for only on `events snapshot` (default 1000)", parseIntArg)
    .addOption(plantBugOption())
    .action(async (opts: { hosts: number; hostsPerProcess: number; dashboard: boolean; vsphereApi: boolean; vspherePort?: number; natsCluster?: number; replicas?: number; snapshotEvery?: number; plantBug?: string[] }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const stateDir = resolveStateDir(g.stateDir);
      const t0 = Date.now();
      const plantedBugs = opts.plantBug ?? [];
      const record = await up({
        stateDir,
        hosts: opts.hosts,
        hostsPerProcess: opts.hostsPerProcess,
        dashboard: opts.dashboard,
        vsphereApi: opts.vsphereApi,
        ...(opts.vspherePort === undefined ? {} : { vspherePort: opts.vspherePort }),
        ...(g.nats ? { nats: g.nats } : {}),
        ...(g.natsCreds ? { natsCreds: g.natsCreds } : {}),
        ...(g.natsCa ? { natsCa: g.natsCa } : {}),
        ...(opts.natsCluster === undefined ? {} : { natsCluster: opts.natsCluster }),
        ...(opts.replicas === undefined ? {} : { replicas: opts.replicas }),
        ...(opts.snapshotEvery === undefined ? {} : { snapshotEvery: opts.snapshotEvery }),
        ...(plantedBugs.length > 0 ? { plantedBugs } : {}),
      }).catch((err: unknown) => {
        throw new UserError(err instanceof Error ? err.message : String(err));
      });
      const nats = embeddedNats(record);
      if (record.plantedBugs) console.log(plantedBugsWarning(record.plantedBugs));
      console.log(`vdsim cluster is up (${Date.now() - t0} ms)`);
      if (nats.length > 1) {
        console.log(`  NATS        ${nats.length}-node JetStream cluster, event log replicas ${record.replicas ?? 1}`);
        for (const n of nats) console.log(`    ${n.name}  ${n.url} (pid ${n.pid})`);
      } else {
        console.log(`  NATS        ${record.natsUrl}${record.natsPid === null ? " (existing server)" : ` (embedded nats-server, pid ${record.natsPid})`}`);
      }
      console.log(`  management  pid ${record.managementPid}`);
      console.log(`  hosts       ${describeHostProcesses(record)}`);
      if (record.dashboard) console.log(`  dashboard   ${record.dashboard.url} (pid ${record.dashboard.pid})`);
      if (record.vsphereApi) console.log(`  vSphere API ${describeVsphereApi(record.vsphereApi)} (pid ${record.vsphereApi.pid})`);
      if (record.natsUsers) console.log(`  NATS users  ${dirname(record.natsUsers.client)}: client.nk (the CLI's), admin.nk (may do everything), management.nk, one per ${record.racks ? "rack" : "host"}`);
      console.log(`  state dir   ${stateDir} (logs in ${stateDir}/logs)`);
      const dirFlag = g.stateDir ? ` --state-dir ${g.stateDir}` : "";
      console.log(`Stop it with: vdsim down${dirFlag}`);
    });

  program
    .command("down")
    .description("stop every process that `vdsim up` started; the event log stays in the state dir")
    .action(async (_opts: unknown, cmd: Command) => {
      const stateDir = resolveStateDir(cmd.optsWithGlobals<GlobalOptions>().stateDir);
      const { stopped } = await down(stateDir);
      console.log(stopped.length === 0 ? `nothing running from ${stateDir}` : `stopped ${stopped.join(", ")}`);
    });

  program
    .command("status")
    .description(`hosts, distributed switches, port groups and VMs; past ${SUMMARIZE_ABOVE} hosts, a summary of the hosts instead of a row each`)
    .option("--json", "machine-readable output, every host and VM")
    .option("--all", "a row for every host and VM, however many")
    .option("--host <pattern>", "only the hosts whose name matches (a glob: esx-1*, esx-0?) and the VMs on them")
    .action(async (opts: { json?: boolean; all?: boolean; host?: string }, cmd: Command) => {
      await withClient(cmd.optsWithGlobals<GlobalOptions>(), async (client, ctx) => {
        const plantedBugs = ctx.record?.plantedBugs ?? [];
        if (plantedBugs.length > 0 && !opts.json) console.log(plantedBugsWarning(plantedBugs));
        const placement = client.logPlacement().catch(() => null);
        const status = await client.status().catch((err: unknown) => {
          if (ctx.record && !opts.json) printProcesses(ctx.record);
          throw err;
        });
        const natsNodes = natsNodeViews(ctx.record);
        const processes = ctx.record
          ? {
              nats: ctx.record.natsPid,
              natsNodes,
              management: ctx.record.managementPid,
              hosts: ctx.record.hosts,
              dashboard: ctx.record.dashboard?.pid ?? null,
              vsphereApi: ctx.record.vsphereApi?.pid ?? null,
            }
          : null;
        const eventLog = await placement;
        const dashboardUrl = ctx.record?.dashboard?.url ?? null;
        const vsphereApi = ctx.record?.vsphereApi ? { url: ctx.record.vsphereApi.url, user: ctx.record.vsphereApi.user, passwordFile: ctx.record.vsphereApi.passwordFile } : null;
        if (opts.json) {
          console.log(JSON.stringify({ natsUrl: ctx.natsUrl, connectedTo: client.nc.getServer(), dashboardUrl, vsphereApi, processes, plantedBugs, eventLog, ...status }, null, 2));
          return;
        }
        const layout = { ...(opts.all ? { all: true } : {}), ...(opts.host === undefined ? {} : { hostPattern: opts.host }) };
        // the summary counts migrations; a management service that does not answer is said so, not fatal
        const migrations = summarizes(status, layout) ? await client.migrations().catch(() => null) : null;
        printStatus(
          ctx.natsUrl,
          status,
          ctx.record?.hosts ?? {},
          {
            nodes: natsNodes,
            placement: eventLog,
            dashboardUrl,
            ...(ctx.record?.vsphereApi ? { vsphereApi: describeVsphereApi(ctx.record.vsphereApi) } : {}),
          },
          { ...layout, migrations },
        );
      });
    });

  program
    .command("management")
    .description("the management service")
    .command("restart")
    .description("restart the management service that `vdsim up` started; in-flight migrations resume from the log")
    .option("--kill", "kill -9 instead of a clean stop")
    .action(async (opts: { kill?: boolean }, cmd: Command) => {
      const stateDir = resolveStateDir(cmd.optsWithGlobals<GlobalOptions>().stateDir);
      const t0 = Date.now();
      const pid = await restartManagement(stateDir, { kill: opts.kill ?? false }).catch((err: unknown) => {
        throw new UserError(err instanceof Error ? err.message : String(err));
      });
      console.log(`management service restarted (pid ${pid}) and answering in ${Date.now() - t0} ms`);
    });

  const host = program.command("host").description("host agents");
  host
    .command("restart")
    .argument("<host>", "host name, e.g. esx-02")
    .description("restart one host agent that `vdsim up` started (in a rack: the rack's process, every host of it); returns once it has caught up")
    .option("--kill", "kill -9 instead of a clean stop")
    .action(async (name: string, opts: { kill?: boolean }, cmd: Command) => {
      const stateDir = resolveStateDir(cmd.optsWithGlobals<GlobalOptions>().stateDir);
      const record = readClusterRecord(stateDir);
      if (!record || !isAlive(record.managementPid)) throw new UserError(`no running cluster found in ${stateDir}: run "vdsim up" first`);
      const t0 = Date.now();
      const pid = await restartHost(stateDir, name, { kill: opts.kill ?? false }).catch((err: unknown) => {
        throw new UserError(err instanceof Error ? err.message : String(err));
      });
      const rack = Object.entries(record.racks ?? {}).find(([, members]) => members.includes(name));
      const what = rack === undefined ? `host agent ${name}` : `${rack[0]} (${rack[1].length} hosts, ${name} among them)`;
      console.log(`${what} restarted (pid ${pid}) and caught up in ${Date.now() - t0} ms`);
    });
}
