import type { ApiDeps, Call, MethodTable } from "../api/method.js";
import { arg } from "../soap/decode.js";
import { managedObjectNotFound } from "../soap/faults.js";
import type { DistributedSwitch } from "@vdsim/model";
import { array, strings, type VimValue } from "../soap/values.js";
import { decodeCriteria, portRows, portValue, selectPorts, type PortFigures, type PortRow } from "./dv-ports.js";
import { migrateVm, relocateVm } from "./migrate.js";
import { createVm, destroyVm, powerOffVm, powerOnVm } from "./vm-lifecycle.js";

/** How long FetchDVPorts waits for a host agent's counters before it shows the last it had. */
const COUNTERS_MS = 2_000;

/**
 * The VM area: Folder.CreateVM_Task, VirtualMachine.Destroy_Task, MigrateVM_Task / RelocateVM_Task
 * (vMotion), PowerOnVM_Task / PowerOffVM_Task, DistributedVirtualSwitch.FetchDVPorts / FetchDVPortKeys.
 */
export function vmMethods(deps: ApiDeps): MethodTable {
  // the last counters read of each port, shown while its host does not answer
  const lastFigures = new Map<string, PortFigures>();
  return {
    CreateVM_Task: { receiver: "Folder", run: (c) => createVm(deps, c) },
    Destroy_Task: { receiver: "VirtualMachine", run: (c) => destroyVm(deps, c) },
    MigrateVM_Task: { receiver: "VirtualMachine", run: (c) => migrateVm(deps, c) },
    RelocateVM_Task: { receiver: "VirtualMachine", run: (c) => relocateVm(deps, c) },
    PowerOnVM_Task: { receiver: "VirtualMachine", run: (c) => powerOnVm(deps, c) },
    PowerOffVM_Task: { receiver: "VirtualMachine", run: (c) => powerOffVm(deps, c) },
    FetchDVPorts: { receiver: "DistributedVirtualSwitch", run: (c) => fetchDvPorts(deps, c, lastFigures) },
    FetchDVPortKeys: { receiver: "DistributedVirtualSwitch", run: (c) => strings(selectedRows(deps, c).rows.map((r) => r.key)) },
  };
}

/** The switch the call is on and its ports that meet the call's criteria. */
function selectedRows(deps: ApiDeps, c: Call): { vds: DistributedSwitch; rows: PortRow[] } {
  const { ctx } = deps;
  const vds = Object.values(ctx.state.switches).find((s) => ctx.switchRef(s).value === c.req.this.value);
  if (!vds) throw managedObjectNotFound(c.req.this);
  return { vds, rows: selectPorts(ctx, portRows(ctx, vds), decodeCriteria(arg(c.req, "criteria"))) };
}

/**
 * FetchDVPorts: the switch's ports that meet the criteria, each with the counters of the host it
 * is on now (asked of that host's agent, as `vdsim ports` does), so a port that followed its VM in a
 * vMotion shows the destination and counters carried over from the source.
 */
async function fetchDvPorts(deps: ApiDeps, c: Call, last: Map<string, PortFigures>): Promise<VimValue> {
  const { ctx } = deps;
  const { vds, rows } = selectedRows(deps, c);
  const hosts = [...new Set(rows.flatMap((r) => (r.host !== undefined && !r.uplink && ctx.connectionState(r.host) === "connected" ? [r.host] : [])))];
  const reports = await Promise.allSettled(hosts.map((h) => deps.cluster.host(h, "ports", {}, COUNTERS_MS)));
  const now = new Map<string, PortFigures>();
  reports.forEach((r, i) => {
    if (r.status !== "fulfilled") return;
    for (const p of r.value) {
      const dropped = Object.values<number>({ ...p.dropped }).reduce((a, b) => a + b, 0);
      if (p.host === hosts[i]) now.set(p.portId, { packetsIn: p.packetsIn, bytesIn: p.bytesIn, packetsOut: p.packetsOut, bytesOut: p.bytesOut, dropped });
    }
  });
  return array(
    "DistributedVirtualPort",
    rows.map((r) => {
      const figures = now.get(r.portId) ?? last.get(`${vds.name}/${r.key}`);
      if (figures) last.set(`${vds.name}/${r.key}`, figures);
      return portValue(ctx, vds, r, figures);
    }),
  );
}
