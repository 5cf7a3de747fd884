// Test support only: nothing exports this file.
import type { PortGroupPolicy, SecurityPolicy, ShapingPolicy, TeamingPolicy, VlanSpec } from "@vdsim/model";
import type { PortSpec, SwitchSpec } from "../config.js";
import { ETHERTYPE, type Frame, type FramePayload, type Mac } from "../frame.js";
import type { Delivery } from "../forwarding.js";

export const SHAPING_OFF: ShapingPolicy = { enabled: false, averageKbps: 100_000, peakKbps: 100_000, burstKB: 102_400 };

export interface PolicyPatch {
  readonly vlan?: VlanSpec;
  readonly security?: Partial<SecurityPolicy>;
  readonly ingressShaping?: Partial<ShapingPolicy>;
  readonly egressShaping?: Partial<ShapingPolicy>;
  readonly teaming?: Partial<TeamingPolicy>;
  readonly blocked?: boolean;
}

/** A distributed port group's defaults (security all reject, shaping off, uplink1 active), patched. */
export function policy(patch: PolicyPatch = {}): PortGroupPolicy {
  return {
    vlan: patch.vlan ?? { kind: "none" },
    security: { allowPromiscuous: false, allowMacChanges: false, allowForgedTransmits: false, ...patch.security },
    ingressShaping: { ...SHAPING_OFF, ...patch.ingressShaping },
    egressShaping: { ...SHAPING_OFF, ...patch.egressShaping },
    teaming: {
      loadBalancing: "loadbalance_srcid",
      activeUplinks: ["uplink1"],
      standbyUplinks: [],
      notifySwitches: true,
      failback: true,
      ...patch.teaming,
    },
    blocked: patch.blocked ?? false,
  };
}

export const vlan = (id: number): VlanSpec => ({ kind: "vlan", id });
export const trunk = (...ranges: Array<readonly [number, number]>): VlanSpec => ({ kind: "trunk", ranges });

/** 00:50:56:80:00:nn */
export const mac = (n: number): Mac => `00:50:56:80:00:${n.toString(16).padStart(2, "0")}`;

export function proxySwitch(name: string, uplinks: Record<string, string | null> = { uplink1: "vmnic1" }, ports = 64): SwitchSpec {
  return { name, kind: "proxy", ports, uplinks };
}

export function standardSwitch(name: string, vmnics: readonly string[], ports = 128): SwitchSpec {
  return { name, kind: "standard", ports, uplinks: Object.fromEntries(vmnics.map((v) => [v, v])) };
}

export function port(id: string, sw: string, macAddress: Mac, patch: PolicyPatch = {}, portGroup = "pg"): PortSpec {
  return { id, switch: sw, portGroup, policy: policy(patch), kind: "vnic", mac: macAddress };
}

export function ethernet(src: Mac, dst: Mac, opts: { vlan?: number; length?: number; payload?: FramePayload } = {}): Frame {
  const frame: Frame = { src, dst, vlan: opts.vlan ?? 0, ethertype: ETHERTYPE.IPv4, length: opts.length ?? 64 };
  return opts.payload === undefined ? frame : { ...frame, payload: opts.payload };
}

/** The port ids a list of deliveries reaches, in order. */
export const toPorts = (ds: readonly Delivery[]): string[] => ds.flatMap((d) => (d.kind === "port" ? [d.portId] : []));

/** The vmnics a list of deliveries leaves by, in order. */
export const toUplinks = (ds: readonly Delivery[]): string[] => ds.flatMap((d) => (d.kind === "uplink" ? [d.vmnic] : []));

export function deliveredTo(ds: readonly Delivery[], portId: string): Frame {
  const d = ds.find((x) => x.kind === "port" && x.portId === portId);
  if (d === undefined) throw new Error(`nothing delivered to port ${portId}: ${JSON.stringify(ds)}`);
  return d.frame;
}

export function sentOut(ds: readonly Delivery[], vmnic: string): Frame {
  const d = ds.find((x) => x.kind === "uplink" && x.vmnic === vmnic);
  if (d === undefined) throw new Error(`nothing sent out ${vmnic}: ${JSON.stringify(ds)}`);
  return d.frame;
}
