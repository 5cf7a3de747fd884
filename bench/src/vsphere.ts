/**
 * `vsphere`: vdsim's vSphere API in front of a real cluster of 100 VMs, measured as a vSphere
 * user meets it, beside govmomi's vcsim where Debian's Go and govmomi sources are installed:
 *  - RetrievePropertiesEx of the 100 VMs (name, runtime.host, config.hardware.device) through a
 *    container view, posted by a plain HTTPS client with the exact body pyVmomi sends (the
 *    server's cost) and made by pyVmomi itself (what a script sees); baseline: the same VMs'
 *    name, host and NICs from the vdsim client over NATS (`status()`), in the same run;
 *  - a change seen by a WaitForUpdatesEx watcher (plain and pyVmomi): on vdsim a port group's
 *    VLAN set through the vdsim client, watched as config.defaultPortConfig; on vcsim a VM's
 *    Rename_Task, watched as name; baseline: the vdsim client's `--wait` time of the same changes
 *    (setPortGroupPolicy with waitMs: until every host applied it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VdsimClient } from "@vdsim/client";
import { down, startCluster, type ClusterHandle } from "@vdsim/cluster";
import { waitFor } from "@vdsim/runtime";
import type { Cleanup } from "./cleanup.js";
import { progress, round, summarize, type LatencySummary } from "./stats.js";
import { notServed, retrievePlain, retrievePyVmomi, watchPlain, watchPyVmomi, type BodyCheck, type Change, type Watched } from "./vsphere-measure.js";
import { buildVcsim, hasPyVmomi, startVcsim, startVsphereApi, vcsimMissing, type SoapServer } from "./vsphere-servers.js";
import { envelope, login, namesOf } from "./vsphere-soap.js";

const VMS = 100;
const HOSTS = 4;
const VDS = "dvs-bench";
const PORT_GROUP = "pg-bench";
const RETRIEVE_PLAIN = { iterations: 200, warmup: 20 };
const RETRIEVE_PYVMOMI = { iterations: 40, warmup: 5 };
const BASELINE_STATUS = { iterations: 200, warmup: 20 };
const WATCH = { changes: 30, warmup: 3 };
const WAIT = { waitMs: 15_000 };

type Figures = Record<string, unknown>;
const skipped = (why: string): Figures => {
  progress(`vsphere: skipped: ${why}`);
  return { skipped: why };
};

async function withCluster<T>(cleanup: Cleanup, run: (cluster: ClusterHandle) => Promise<T>): Promise<T> {
  const stateDir = mkdtempSync(join(tmpdir(), "vdsim-bench-vsphere-cluster-"));
  let starting: Promise<ClusterHandle> | undefined;
  const teardown = cleanup.add(`vsphere cluster of ${HOSTS}`, async () => {
    const cluster = await starting?.catch(() => undefined);
    if (cluster) await cluster.down();
    else await down(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
  try {
    starting = startCluster({ hosts: HOSTS, stateDir });
    return await run(await starting);
  } finally {
    await teardown();
  }
}

/** A VDS on every host, a port group on VLAN 10 and 100 VMs spread over the hosts, one vNIC each on it. */
async function prepare(client: VdsimClient, hosts: readonly string[]): Promise<void> {
  await client.createSwitch(VDS);
  for (const h of hosts) await client.addHostToSwitch(VDS, h, ["vmnic1"], WAIT);
  await client.addPortGroup(VDS, PORT_GROUP, { vlan: { kind: "vlan", id: 10 }, ports: 256 }, WAIT);
  for (let i = 0; i < VMS; i++) {
    await client.createVm(`vm-${String(i).padStart(3, "0")}`, hosts[i % hosts.length]!, [PORT_GROUP], i === VMS - 1 ? WAIT : {});
  }
}

/** The vdsim client's answer to "every VM's name, host and NICs": the baseline of the retrieval. */
async function statusBaseline(client: VdsimClient): Promise<LatencySummary> {
  const samples: number[] = [];
  for (let i = 0; i < BASELINE_STATUS.warmup + BASELINE_STATUS.iterations; i++) {
    const t = performance.now();
    const status = await client.status();
    const d = performance.now() - t;
    if (status.vms.length !== VMS) throw new Error(`status() lists ${status.vms.length} VMs, expected ${VMS}`);
    if (i >= BASELINE_STATUS.warmup) samples.push(d);
  }
  return summarize(samples);
}

/** The retrieval against one server: pyVmomi first (it tells which SOAPAction it negotiated), then the plain client. */
async function retrievals(cleanup: Cleanup, server: SoapServer, withPython: boolean): Promise<{ figures: Figures; check?: BodyCheck }> {
  let check: BodyCheck | undefined;
  let pyvmomi: Figures;
  if (withPython) {
    progress(`vsphere: ${server.name}: pyVmomi RetrievePropertiesEx of ${VMS} VMs x ${RETRIEVE_PYVMOMI.iterations}`);
    const r = await retrievePyVmomi(cleanup, server, RETRIEVE_PYVMOMI.iterations, RETRIEVE_PYVMOMI.warmup, VMS);
    check = r.check;
    pyvmomi = { ...r.figures };
  } else pyvmomi = { skipped: "no pyVmomi (Debian: apt-get install python3-pyvmomi)" };
  progress(`vsphere: ${server.name}: plain HTTPS RetrievePropertiesEx of ${VMS} VMs x ${RETRIEVE_PLAIN.iterations}`);
  const plain = await retrievePlain(server, check?.soapAction ?? '"urn:vim25/6.7"', RETRIEVE_PLAIN.iterations, RETRIEVE_PLAIN.warmup, VMS);
  return { figures: { plain, pyvmomi }, ...(check ? { check } : {}) };
}

/** The watched change against one server, with the plain watcher and with pyVmomi's. */
async function watches(cleanup: Cleanup, server: SoapServer, soapAction: string, watched: Watched, change: Change, withPython: boolean): Promise<{ figures: Figures; sameBodies?: boolean }> {
  progress(`vsphere: ${server.name}: ${WATCH.changes} changes seen by a plain WaitForUpdatesEx watcher`);
  let plain: Figures;
  try {
    plain = { ...(await watchPlain(server, soapAction, watched, change, WATCH.changes, WATCH.warmup)) };
  } catch (err) {
    const why = notServed(err);
    if (why === undefined) throw err;
    return { figures: skipped(`${server.name}: ${why}`) };
  }
  if (!withPython) return { figures: { plain, pyvmomi: { skipped: "no pyVmomi" } } };
  progress(`vsphere: ${server.name}: ${WATCH.changes} changes seen by pyVmomi's watcher`);
  const py = await watchPyVmomi(cleanup, server, watched, change, WATCH.changes, WATCH.warmup);
  return { figures: { plain, pyvmomi: py.figures }, sameBodies: py.sameBodies };
}

async function vdsimSide(cleanup: Cleanup, withPython: boolean): Promise<{ retrieve: Figures; watch: Figures; baseline: { status: LatencySummary; wait: LatencySummary | undefined }; checks: BodyCheck[]; watchBodies?: boolean }> {
  return withCluster(cleanup, async (cluster) => {
    const { client } = cluster;
    const hosts = Object.keys(cluster.record().hosts).sort();
    progress(`vsphere: ${VMS} VMs on ${hosts.length} hosts, one port group of ${VDS}`);
    await prepare(client, hosts);
    const server = await startVsphereApi(cleanup, cluster);
    // the service folds the log it follows: wait until it shows every VM and the port group
    const pgKey = await waitFor(
      "the vSphere API's inventory of 100 VMs and the port group",
      async () => {
        const { session, refs } = await login(server.url, server.user, server.password, '"urn:vim25/6.7"');
        try {
          const vms = await namesOf(session, refs, "VirtualMachine");
          const pgs = await namesOf(session, refs, "DistributedVirtualPortgroup");
          const key = [...pgs].find(([, name]) => name === PORT_GROUP)?.[0];
          return vms.size === VMS ? key : undefined;
        } finally {
          session.close();
        }
      },
      30_000,
      200,
    );
    const retrieve = await retrievals(cleanup, server, withPython);
    progress(`vsphere: baseline: vdsim client status() x ${BASELINE_STATUS.iterations}`);
    const status = await statusBaseline(client);

    // each change sets the other VLAN, so that every one is recorded and reaches the watcher
    const waits: number[] = [];
    let n = 0;
    const change: Change = async () => {
      const t = performance.now();
      const result = await client.setPortGroupPolicy(VDS, PORT_GROUP, { vlan: { kind: "vlan", id: 11 + (n++ % 2) } }, WAIT);
      waits.push(performance.now() - t);
      if (result.seq === null || (result.pending?.length ?? 0) > 0) throw new Error(`setPortGroupPolicy: ${JSON.stringify(result)}`);
    };
    const soapAction = retrieve.check?.soapAction ?? '"urn:vim25/6.7"';
    const watch = await watches(cleanup, server, soapAction, { type: "DistributedVirtualPortgroup", moid: pgKey, property: "config.defaultPortConfig" }, change, withPython);
    // the --wait times of the measured changes only (not the warm-ups of each watcher)
    const measured = waits.filter((_, i) => i % (WATCH.warmup + WATCH.changes) >= WATCH.warmup);
    return {
      retrieve: retrieve.figures,
      watch: { change: `setPortGroupPolicy(${VDS}, ${PORT_GROUP}, VLAN 11/12) through the vdsim client; watched: DistributedVirtualPortgroup config.defaultPortConfig`, ...watch.figures },
      baseline: { status, wait: measured.length > 0 ? summarize(measured) : undefined },
      checks: retrieve.check ? [retrieve.check] : [],
      ...(watch.sameBodies === undefined ? {} : { watchBodies: watch.sameBodies }),
    };
  });
}

async function vcsimSide(cleanup: Cleanup, withPython: boolean): Promise<{ retrieve: Figures; watch: Figures; check?: BodyCheck; watchBodies?: boolean }> {
  const missing = vcsimMissing();
  if (missing !== undefined) {
    const figures = skipped(`vcsim not measured: ${missing}`);
    return { retrieve: figures, watch: figures };
  }
  progress("vsphere: building vcsim (bench/vcsim) from Debian's govmomi sources");
  const binary = buildVcsim();
  const server = await startVcsim(cleanup, binary, VMS, HOSTS);
  const retrieve = await retrievals(cleanup, server, withPython);
  const soapAction = retrieve.check?.soapAction ?? '"urn:vim25/6.7"';
  const { session, refs } = await login(server.url, server.user, server.password, soapAction);
  try {
    const vms = await namesOf(session, refs, "VirtualMachine");
    const [moid] = [...vms.keys()].sort();
    if (moid === undefined) throw new Error("vcsim has no VM");
    let n = 0;
    const change: Change = async () => {
      await session.call("Rename_Task", envelope("Rename_Task", "VirtualMachine", moid, `<newName>bench-renamed-${n++}</newName>`));
    };
    const watch = await watches(cleanup, server, soapAction, { type: "VirtualMachine", moid, property: "name" }, change, withPython);
    return {
      retrieve: retrieve.figures,
      watch: { change: "Rename_Task of a VM (plain HTTPS); watched: VirtualMachine name", ...watch.figures },
      ...(retrieve.check ? { check: retrieve.check } : {}),
      ...(watch.sameBodies === undefined ? {} : { watchBodies: watch.sameBodies }),
    };
  } finally {
    session.close();
  }
}

const p50 = (f: Figures | undefined, path: readonly string[]): number | undefined => {
  let v: unknown = f;
  for (const k of path) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === "object" && v !== null && typeof (v as { p50_ms?: unknown }).p50_ms === "number" ? (v as { p50_ms: number }).p50_ms : undefined;
};

export async function vsphereBench(cleanup: Cleanup): Promise<Record<string, unknown>> {
  const withPython = hasPyVmomi();
  if (!withPython) progress("vsphere: no pyVmomi for /usr/bin/python3: only the plain HTTPS figures");
  const vdsim = await vdsimSide(cleanup, withPython);
  const vcsim = await vcsimSide(cleanup, withPython);

  const serverRetrieval = p50(vdsim.retrieve, ["plain"]);
  const pyRetrieval = p50(vdsim.retrieve, ["pyvmomi"]);
  const vcsimPyRetrieval = p50(vcsim.retrieve, ["pyvmomi"]);
  const pyWatch = p50(vdsim.watch, ["pyvmomi"]);
  const vcsimPyWatch = p50(vcsim.watch, ["pyvmomi"]);
  const waitP50 = vdsim.baseline.wait?.p50_ms;
  const checks = [...vdsim.checks, ...(vcsim.check ? [vcsim.check] : [])];
  const goals = {
    server_retrieval_p50_under_20ms: serverRetrieval === undefined ? null : serverRetrieval < 20,
    pyvmomi_retrieval_at_least_as_fast_as_vcsim: pyRetrieval === undefined || vcsimPyRetrieval === undefined ? null : pyRetrieval <= vcsimPyRetrieval,
    watched_change_within_2x_wait: pyWatch === undefined || waitP50 === undefined ? null : pyWatch <= 2 * waitP50,
    watched_change_20x_sooner_than_vcsim: pyWatch === undefined || vcsimPyWatch === undefined ? null : vcsimPyWatch >= 20 * pyWatch,
  };
  return {
    bench: "vsphere",
    vms: VMS,
    hosts: HOSTS,
    retrieve: { vdsim: vdsim.retrieve, vcsim: vcsim.retrieve },
    watch: { vdsim: vdsim.watch, vcsim: vcsim.watch },
    baseline: {
      retrieve: { name: "vdsim client status() over NATS: the same 100 VMs' name, host and NICs", ...vdsim.baseline.status },
      watch: vdsim.baseline.wait === undefined ? { skipped: "no watched change measured" } : { name: "the vdsim client's --wait time (setPortGroupPolicy with waitMs: until every host applied it) of the same changes", ...vdsim.baseline.wait },
    },
    ratios: {
      pyvmomi_retrieval_vcsim_over_vdsim: pyRetrieval && vcsimPyRetrieval ? round(vcsimPyRetrieval / pyRetrieval, 2) : null,
      pyvmomi_watch_vcsim_over_vdsim: pyWatch && vcsimPyWatch ? round(vcsimPyWatch / pyWatch, 2) : null,
      pyvmomi_watch_over_wait: pyWatch && waitP50 ? round(pyWatch / waitP50, 2) : null,
    },
    detail: {
      bodies: "bench/vsphere/soap/*.xml, captured from pyVmomi; in this run pyVmomi sent the same bytes: " + String(checks.every((c) => c.sameBody) && vdsim.watchBodies !== false && vcsim.watchBodies !== false),
      soap_action: Object.fromEntries(checks.map((c, i) => [i === 0 ? "vdsim" : "vcsim", c.soapAction])),
      note: "vcsim's VMs carry 13 devices each (disk, controllers, CD-ROM, NIC, ...), vdsim's their vNICs: compare reply_bytes; vcsim batches property updates on a 250 ms ticker",
      samples: { retrieve_plain: RETRIEVE_PLAIN, retrieve_pyvmomi: RETRIEVE_PYVMOMI, status: BASELINE_STATUS, watch: WATCH },
    },
    goals,
    target: "the server's 100-VM retrieval p50 < 20 ms; pyVmomi's retrieval at least as fast as vcsim's; a watched change seen by pyVmomi within 2x the client's --wait time, over 20x sooner than vcsim",
    met: Object.values(goals).every((g) => g !== false),
  };
}
