import { describe, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import type { ManagementCommand } from "../commands.js";
import { defaultDistributedPolicy, type LoadBalancing, type PortGroupPolicy, type PortGroupPolicyPatch } from "../policy.js";
import { given, portGroupAdded, switchCreated } from "../testing/given.js";

const { NotFound, InvalidArgument } = DomainErrorCode;

const base: DomainEvent[] = [switchCreated("dvs-prod"), switchCreated("dvs-lab"), portGroupAdded("dvs-prod", "pg-web", { key: 1 })];
const defaults = defaultDistributedPolicy(["uplink1", "uplink2"], { kind: "none" });

const set = (patch: PortGroupPolicyPatch, vds = "dvs-prod", portgroup = "pg-web"): ManagementCommand => ({
  type: "SetDistributedPortGroupPolicy",
  vds,
  portgroup,
  patch,
});

const changed = (policy: PortGroupPolicy, sections: string[]): DomainEvent[] => [
  {
    type: "DistributedPortGroupPolicyChanged",
    data: { vds: "dvs-prod", portgroup: "pg-web", changes: Object.fromEntries(sections.map((k) => [k, policy[k as keyof PortGroupPolicy]])) },
  },
];

describe("SetDistributedPortGroupPolicy", () => {
  it("changes the VLAN", () => {
    given(base)
      .when(set({ vlan: { kind: "vlan", id: 105 } }))
      .then(changed({ ...defaults, vlan: { kind: "vlan", id: 105 } }, ["vlan"]));
  });

  it("changes security and, with bandwidths, turns shaping on in both directions", () => {
    const shaping = { enabled: true, averageKbps: 50_000, peakKbps: 80_000, burstKB: 102_400 };
    given(base)
      .when(set({ allowPromiscuous: true, averageKbps: 50_000, peakKbps: 80_000 }))
      .then(
        changed(
          {
            ...defaults,
            security: { ...defaults.security, allowPromiscuous: true },
            ingressShaping: shaping,
            egressShaping: shaping,
          },
          ["security", "ingressShaping", "egressShaping"],
        ),
      );
  });

  it("changes teaming to explicit failover with a standby uplink", () => {
    given(base)
      .when(set({ loadBalancing: "failover_explicit", activeUplinks: ["uplink2"], standbyUplinks: ["uplink1"], failback: false }))
      .then(
        changed(
          {
            ...defaults,
            teaming: { loadBalancing: "failover_explicit", activeUplinks: ["uplink2"], standbyUplinks: ["uplink1"], notifySwitches: true, failback: false },
          },
          ["teaming"],
        ),
      );
  });

  it("blocks the ports", () => {
    given(base)
      .when(set({ blocked: true }))
      .then(changed({ ...defaults, blocked: true }, ["blocked"]));
  });

  it("applies on top of an earlier change", () => {
    const first: DomainEvent = changed({ ...defaults, vlan: { kind: "vlan", id: 105 } }, ["vlan"])[0] as DomainEvent;
    given([...base, first])
      .when(set({ allowForgedTransmits: true }))
      .then(changed({ ...defaults, vlan: { kind: "vlan", id: 105 }, security: { ...defaults.security, allowForgedTransmits: true } }, ["security"]));
  });

  it.each<PortGroupPolicyPatch>([
    { allowPromiscuous: false },
    { vlan: { kind: "none" } },
    { activeUplinks: ["uplink1", "uplink2"], standbyUplinks: [] },
    { loadBalancing: "loadbalance_srcid", notifySwitches: true, failback: true, blocked: false },
    { shapingEnabled: false },
  ])("yields no event when %j changes nothing", (patch) => {
    given(base).when(set(patch)).thenNothing();
  });

  it("refuses a set with no settings", () => {
    given(base).when(set({})).thenThrows(InvalidArgument, /Nothing to change on port group "pg-web": give at least one setting/);
  });

  it("refuses a set whose settings are all absent", () => {
    given(base).when(set({ vlan: undefined, blocked: undefined })).thenThrows(InvalidArgument, /Nothing to change on port group "pg-web"/);
  });

  it("refuses an unknown switch", () => {
    given(base).when(set({ blocked: true }, "dvs-none")).thenThrows(NotFound, /Distributed switch "dvs-none" not found/);
  });

  it("refuses an unknown port group", () => {
    given(base)
      .when(set({ blocked: true }, "dvs-prod", "pg-db"))
      .thenThrows(NotFound, /Distributed port group "pg-db" not found on distributed switch "dvs-prod"/);
  });

  it("refuses a port group of another switch", () => {
    given(base)
      .when(set({ blocked: true }, "dvs-lab"))
      .thenThrows(NotFound, /Distributed port group "pg-web" not found on distributed switch "dvs-lab"/);
  });

  it.each([4095, -1, 5000])("refuses VLAN ID %d", (id) => {
    given(base).when(set({ vlan: { kind: "vlan", id } })).thenThrows(InvalidArgument, `Invalid VLAN ID ${id}`);
  });

  it.each([
    [[[100, 5000]]],
    [[[4095, 4095]]],
    [[[-1, 10]]],
  ] as Array<[Array<[number, number]>]>)("refuses the VLAN trunk %j outside 0-4094", (ranges) => {
    given(base).when(set({ vlan: { kind: "trunk", ranges } })).thenThrows(InvalidArgument, /Invalid VLAN ID/);
  });

  it("refuses a VLAN trunk range whose start is above its end", () => {
    given(base).when(set({ vlan: { kind: "trunk", ranges: [[200, 100]] } })).thenThrows(InvalidArgument, /VLAN/);
  });

  it("refuses a peak bandwidth below the average, naming both", () => {
    given(base)
      .when(set({ averageKbps: 2000, peakKbps: 1000 }))
      .thenThrows(InvalidArgument, /peak bandwidth 1000 kbit\/s is below average bandwidth 2000 kbit\/s/);
  });

  it("refuses an average above the current peak", () => {
    given(base)
      .when(set({ averageKbps: 200_000 }))
      .thenThrows(InvalidArgument, /peak bandwidth 100000 kbit\/s is below average bandwidth 200000 kbit\/s/);
  });

  it.each([
    [{ averageKbps: 0 }, /average bandwidth must be positive, got 0/],
    [{ averageKbps: -5 }, /average bandwidth must be positive, got -5/],
    [{ peakKbps: 0 }, /peak bandwidth must be positive, got 0/],
    [{ burstKB: 0 }, /burst size must be positive, got 0/],
    [{ burstKB: -1 }, /burst size must be positive, got -1/],
    [{ averageKbps: Number.NaN }, /average bandwidth must be positive, got NaN/],
  ] as Array<[PortGroupPolicyPatch, RegExp]>)("refuses %j", (patch, message) => {
    given(base).when(set(patch)).thenThrows(InvalidArgument, message);
  });

  it("refuses an active uplink the switch does not have", () => {
    given(base)
      .when(set({ activeUplinks: ["uplink1", "uplink3"] }))
      .thenThrows(InvalidArgument, /Uplink "uplink3" does not exist on distributed switch "[^"]+" \(it has uplink1, uplink2\)/);
  });

  it("refuses a standby uplink the switch does not have", () => {
    given(base)
      .when(set({ activeUplinks: ["uplink1"], standbyUplinks: ["vmnic1"] }))
      .thenThrows(InvalidArgument, /Uplink "vmnic1" does not exist/);
  });

  it("refuses an uplink both active and standby", () => {
    given(base)
      .when(set({ standbyUplinks: ["uplink2"] }))
      .thenThrows(InvalidArgument, /Uplink "uplink2" cannot be both active and standby/);
  });

  it("refuses an uplink listed twice", () => {
    given(base)
      .when(set({ activeUplinks: ["uplink1", "uplink1"] }))
      .thenThrows(InvalidArgument, /Uplink "uplink1" is listed twice/);
  });

  it("refuses an unknown load balancing", () => {
    given(base)
      .when(set({ loadBalancing: "roundrobin" as LoadBalancing }))
      .thenThrows(InvalidArgument, /Invalid load balancing "roundrobin": expected one of loadbalance_srcid/);
  });
});
