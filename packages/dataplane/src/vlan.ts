import type { VlanSpec } from "@vdsim/model";

/** On a standard port group, VLAN 4095 passes every tag to the guest. */
export const ALL_VLANS = 4095;
/** VLAN IDs 0-4094: the size of per-VLAN tables. */
export const VLAN_IDS = 4095;

/**
 * How a port treats tags, compiled from its VLAN policy.
 * - untagged (VLAN none) and VST (1-4094): the guest sends and receives untagged frames;
 *   inside the switch they belong to `access` (0 for none).
 * - VGT (4095 or a trunk): the guest tags its frames itself; `trunk[v]` is 1 for each VLAN
 *   it may send and receive (0 = untagged). `access` is -1.
 */
export interface VlanMode {
  readonly access: number;
  readonly trunk: Uint8Array | null;
}

export function compileVlan(spec: VlanSpec): VlanMode {
  switch (spec.kind) {
    case "none":
      return { access: 0, trunk: null };
    case "vlan":
      if (spec.id === ALL_VLANS) return { access: -1, trunk: new Uint8Array(VLAN_IDS).fill(1) };
      return { access: spec.id, trunk: null };
    case "trunk": {
      const trunk = new Uint8Array(VLAN_IDS);
      for (const [lo, hi] of spec.ranges) trunk.fill(1, Math.max(0, lo), Math.min(VLAN_IDS - 1, hi) + 1);
      return { access: -1, trunk };
    }
  }
}

/** The VLAN a frame sent by the port's endpoint joins inside the switch, or -1 when refused. */
export function ingressVlan(mode: VlanMode, tag: number): number {
  if (mode.trunk === null) return tag === 0 ? mode.access : -1;
  return tag >= 0 && tag < VLAN_IDS && mode.trunk[tag] === 1 ? tag : -1;
}

/** Whether frames of internal VLAN `vlan` reach the port. */
export function carriesVlan(mode: VlanMode, vlan: number): boolean {
  return mode.trunk === null ? vlan === mode.access : mode.trunk[vlan] === 1;
}

/** The tag a frame of internal VLAN `vlan` carries when it leaves to the endpoint. */
export function egressTag(mode: VlanMode, vlan: number): number {
  return mode.trunk === null ? 0 : vlan;
}

export function sameVlanMode(a: VlanMode, b: VlanMode): boolean {
  if (a.access !== b.access) return false;
  if (a.trunk === null || b.trunk === null) return a.trunk === b.trunk;
  for (let v = 0; v < VLAN_IDS; v++) if (a.trunk[v] !== b.trunk[v]) return false;
  return true;
}
