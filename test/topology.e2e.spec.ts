import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { waitFor } from "@vdsim/runtime";
import { FileValidationError, loadTopologyFile, parseTopology, renderTopology, type ClusterStatus } from "@vdsim/client";
import { startCluster } from "@vdsim/cluster";
import { Cli } from "./support/cli.js";

const EXAMPLES = resolve(fileURLToPath(new URL("../examples", import.meta.url)));
const BASIC = join(EXAMPLES, "basic-vds.topology.yaml");

/** What two clusters converged to the same file share: every object and setting, without generated keys and MACs. */
function comparable(status: ClusterStatus): unknown {
  return {
    switches: status.switches,
    portGroups: status.portGroups.map(({ key: _, ...pg }) => pg),
    vms: status.vms.map((vm) => ({ name: vm.name, host: vm.host, nics: vm.nics.map((n) => [n.portgroup, n.vds ?? n.vswitch]) })),
  };
}

/** vdsim apply and export against real processes: convergence, idempotence, round trip, refusals. */
describe("topology files on a running cluster", () => {
  it("applying a file converges the cluster; applying it again records no event", async () => {
    await using cluster = await startCluster({ hosts: 2 });
    const { client } = cluster;
    const store = await client.eventStore();
    const first = await client.apply(loadTopologyFile(BASIC), { waitMs: 30_000 });
    expect(first.recorded).toBe(14);
    const status = await client.status();
    expect(status.vms.map((v) => [v.name, v.host]).sort()).toEqual([["db-01", "esx-02"], ["web-01", "esx-01"], ["web-02", "esx-02"]]);
    expect(status.portGroups.map((p) => p.name).sort()).toEqual(["db", "web"]);
    const esx01 = await client.hostState("esx-01");
    expect(esx01.config.vmknics.find((n) => n.name === "vmk1")).toMatchObject({ ipv4: { address: "192.168.50.1" }, services: { vmotion: true } });

    const seq = await store.lastSeq();
    const second = await client.apply(loadTopologyFile(BASIC), { waitMs: 30_000 });
    expect(second).toMatchObject({ recorded: 0, steps: [], topologyHash: first.topologyHash });
    expect(await store.lastSeq()).toBe(seq);
  });

  it("export, then apply on a fresh cluster, gives the same state hash", async () => {
    let exported: string;
    let hash: string;
    let summary: unknown;
    {
      await using cluster = await startCluster({ hosts: 2 });
      await cluster.client.apply(loadTopologyFile(BASIC), { waitMs: 30_000 });
      // a change the file did not make travels too: a policy, a migration's new host
      await cluster.client.setPortGroupPolicy("dvs1", "web", { allowPromiscuous: true, averageKbps: 5_000, peakKbps: 8_000, burstKB: 100 });
      await cluster.client.hostCommand("esx-02", { type: "AddStandardSwitch", vswitch: "vSwitch1", numPorts: 64 });
      await cluster.client.hostCommand("esx-02", { type: "SetStandardSwitchPolicy", vswitch: "vSwitch1", patch: { allowPromiscuous: true } });
      await cluster.client.hostCommand("esx-02", { type: "AddStandardPortGroup", vswitch: "vSwitch1", portgroup: "Backup", vlan: 7 });
      await cluster.client.hostCommand("esx-02", { type: "SetStandardPortGroupPolicy", portgroup: "Backup", patch: { averageKbps: 2_000, peakKbps: 4_000, burstKB: 10 } });
      exported = renderTopology(await cluster.client.exportTopology());
      hash = await cluster.client.topologyHash();
      summary = comparable(await cluster.client.status());
    }
    await using fresh = await startCluster({ hosts: 2 });
    const applied = await fresh.client.apply(parseTopology(exported, "exported.yaml"), { waitMs: 30_000 });
    expect(applied.recorded).toBeGreaterThan(0);
    expect(applied.topologyHash).toBe(hash);
    expect(await fresh.client.topologyHash()).toBe(hash);
    expect((await fresh.client.apply(parseTopology(exported, "exported.yaml"))).recorded).toBe(0);
    // and as the management service sees it, apart from keys and MACs, which no file carries
    expect(comparable(await fresh.client.status())).toEqual(summary);
  });

  it("a file the cluster would refuse records nothing and names the line and field", async () => {
    await using cluster = await startCluster({ hosts: 2 });
    const store = await cluster.client.eventStore();
    const before = await store.lastSeq();
    const text = [
      "distributedSwitches:",
      "  dvs1:",
      "    hosts: { esx-01: [vmnic1] }",
      "    portGroups:",
      "      web: { vlan: 10 }",
      "vms:",
      "  a: { host: esx-01, networks: [web] }",
      "  b: { host: esx-09, networks: [web] }",
      "  c: { host: esx-02, networks: [nowhere] }",
    ].join("\n");
    const refusal = await cluster.client.apply(parseTopology(text, "bad.yaml")).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FileValidationError);
    expect((refusal as FileValidationError).message).toBe('bad.yaml:8:14: vms.b.host: host "esx-09" is not part of the cluster (it has esx-01, esx-02)');
    const text2 = text.replace("  b: { host: esx-09, networks: [web] }\n", "");
    const refusal2 = await cluster.client.apply(parseTopology(text2, "bad.yaml")).catch((e: unknown) => e);
    expect((refusal2 as FileValidationError).issues).toEqual([expect.objectContaining({ line: 8, field: "vms.c", message: expect.stringContaining("nowhere") })]);
    expect(await store.lastSeq()).toBe(before);

    cluster.pauseHost("esx-02");
    await waitFor("esx-02 not responding", async () => ((await cluster.client.status()).hosts.find((h) => h.name === "esx-02")?.status === "notResponding" ? true : undefined), 15_000, 100);
    const silent = await cluster.client.apply(parseTopology("hosts:\n  esx-02:\n    standardSwitches:\n      vSwitch5: {}\n", "silent.yaml")).catch((e: unknown) => e);
    expect((silent as FileValidationError).message).toBe('silent.yaml:4:17: hosts.esx-02.standardSwitches.vSwitch5: add standard switch vSwitch5 on esx-02: host "esx-02" is not responding, so its agent cannot make the change');
    expect(await store.lastSeq()).toBe(before);
    cluster.resumeHost("esx-02");
  });
});

describe("vdsim apply and vdsim export", () => {
  it("apply twice, export to a file; a bad file exits 1 naming file:line:column: field and changes nothing", async () => {
    await using cli = new Cli();
    await cli.ok("up", "--hosts", "2", "--no-dashboard");
    const first = await cli.ok("apply", BASIC, "--wait");
    expect(first).toMatch(/applied .*basic-vds\.topology\.yaml: 14 changes recorded/);
    expect(await cli.ok("apply", BASIC)).toMatch(/the cluster already matches, nothing recorded/);
    const out = join(cli.stateDir, "exported.yaml");
    expect(await cli.ok("export", out)).toMatch(/^wrote .*exported\.yaml \(event 16, topology hash [0-9a-f]{64}\)/);
    expect(readFileSync(out, "utf8")).toMatch(/^# vdsim export at event 16\n# topology hash [0-9a-f]{64}\nhosts:\n  esx-01:\n/);
    expect(await cli.ok("apply", out)).toMatch(/nothing recorded/);

    const bad = join(cli.stateDir, "bad.yaml");
    writeFileSync(bad, "distributedSwitches:\n  dvs1:\n    uplinks: 2\n    portGroups:\n      web:\n        vlan: 5000\n        colour: blue\n");
    const r = await cli.run("apply", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: ${bad}:6:15: distributedSwitches.dvs1.portGroups.web.vlan: Too big: expected number to be <=4094\n${bad}:7:9: distributedSwitches.dvs1.portGroups.web.colour: unknown field "colour"\n`,
    );
    const missing = await cli.run("apply", join(cli.stateDir, "nope.yaml"));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/nope\.yaml:1:1: no such file/) });
    expect(await cli.ok("events", "tail", "-n", "1")).toMatch(/^\s+16\s/);
  });
});
