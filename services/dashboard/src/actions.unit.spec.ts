import { describe, expect, it } from "vitest";
import { DomainErrorCode, type PortGroupPolicyPatch, type VlanSpec } from "@vdsim/model";
import { RemoteError, type CommandResult } from "@vdsim/protocol";
import { DashboardActions, type ActionsClient } from "./actions.js";

function fakeClient(outcome: CommandResult | Error) {
  const calls: unknown[] = [];
  const answer = async (): Promise<CommandResult> => {
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const client: ActionsClient = {
    addPortGroup: (vds: string, portgroup: string, opts?: { vlan?: VlanSpec; ports?: number }) => (calls.push(["add", vds, portgroup, opts]), answer()),
    setPortGroupPolicy: (vds: string, portgroup: string, patch: PortGroupPolicyPatch) => (calls.push(["set", vds, portgroup, patch]), answer()),
    migrate: async (vm: string, destination: string) => {
      calls.push(["migrate", vm, destination]);
      if (outcome instanceof Error) throw outcome;
      return { migration: "migration-1", seq: 7 };
    },
  };
  return { client, calls };
}

describe("DashboardActions", () => {
  it("changes a policy with only the settings given, and answers in the CLI's words", async () => {
    const { client, calls } = fakeClient({ seq: 12, events: ["DistributedPortGroupPolicyChanged"] });
    const out = await new DashboardActions(client).run("portgroups/policy", { vds: "dvs1", portgroup: "web", vlan: "30", allowPromiscuous: true });
    expect(out).toEqual({ status: 200, reply: { ok: true, seq: 12, message: "reconfigured port group web on dvs1 (event 12)" } });
    expect(calls).toEqual([["set", "dvs1", "web", { vlan: { kind: "vlan", id: 30 }, allowPromiscuous: true }]]);
  });

  it("creates a port group, and says so when nothing changed", async () => {
    const { client, calls } = fakeClient({ seq: null, events: [] });
    const out = await new DashboardActions(client).run("portgroups", { vds: "dvs1", portgroup: "db", vlan: "100-200", ports: 4 });
    expect(out.reply).toEqual({ ok: true, seq: null, message: "added port group db to dvs1: already so, nothing recorded" });
    expect(calls).toEqual([["add", "dvs1", "db", { vlan: { kind: "trunk", ranges: [[100, 200]] }, ports: 4 }]]);
  });

  it("returns the management service's refusal with the message the CLI prints", async () => {
    const { client } = fakeClient(new RemoteError(DomainErrorCode.AlreadyExists, 'Port group "web" already exists'));
    const out = await new DashboardActions(client).run("portgroups", { vds: "dvs1", portgroup: "web" });
    expect(out).toEqual({ status: 409, reply: { ok: false, error: { code: "ALREADY_EXISTS", message: 'Port group "web" already exists' } } });
  });

  it("refuses bad input before asking anyone", async () => {
    const { client, calls } = fakeClient({ seq: 1, events: [] });
    const actions = new DashboardActions(client);
    expect((await actions.run("portgroups/policy", { vds: "dvs1" })).reply).toEqual({ ok: false, error: { code: "BAD_REQUEST", message: "missing portgroup" } });
    expect((await actions.run("portgroups/policy", { vds: "dvs1", portgroup: "web", blocked: "yes" })).status).toBe(400);
    const vlan = await actions.run("portgroups/policy", { vds: "dvs1", portgroup: "web", vlan: "x" });
    expect(vlan.reply.ok).toBe(false);
    expect(vlan.status).toBe(400);
    expect((await actions.run("portgroups", [])).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("starts a vMotion and names the migration", async () => {
    const { client, calls } = fakeClient({ seq: 1, events: [] });
    const out = await new DashboardActions(client).run("vms/migrate", { vm: "web-01", destination: "esx-02" });
    expect(out).toEqual({ status: 200, reply: { ok: true, seq: 7, message: "migration migration-1: web-01 -> esx-02" } });
    expect(calls).toEqual([["migrate", "web-01", "esx-02"]]);
  });
});
