import type { PortGroupPolicy } from "@vdsim/model";
import type { Mac } from "./frame.js";

export type SwitchKind = "standard" | "proxy";

/** A standard switch, or the proxy switch that realizes a VDS on this host. */
export interface SwitchSpec {
  readonly name: string;
  readonly kind: SwitchKind;
  /** the preset number of ports */
  readonly ports: number;
  /**
   * Uplink name -> vmnic. A standard switch names its uplinks by their vmnics
   * ({ vmnic0: "vmnic0" }); a proxy switch maps uplink1..N to vmnics, or null when unmapped.
   */
  readonly uplinks: Readonly<Record<string, string | null>>;
  /** default 1500 */
  readonly mtu?: number;
}

export type PortKind = "vnic" | "vmknic";

export interface PortSpec {
  /** the dvPort key, or any id unique on the host for a standard port */
  readonly id: string;
  readonly switch: string;
  readonly portGroup: string;
  /** the effective policy of the port (for a standard port group: the switch's with overrides applied) */
  readonly policy: PortGroupPolicy;
  readonly kind: PortKind;
  /** the MAC the VM or vmknic was configured with */
  readonly mac: Mac;
  /** a vmknic's MTU: larger frames are not delivered to it; none for a vNIC (the switch's MTU limits it) */
  readonly mtu?: number;
}

export interface DataPlaneConfig {
  readonly switches: readonly SwitchSpec[];
  readonly ports: readonly PortSpec[];
}

export interface DataPlaneOptions {
  /** how long a learned MAC stays in a switch's table without traffic; default 300 s */
  readonly macAgingMs?: number;
}

export const DEFAULT_MAC_AGING_MS = 300_000;
export const DEFAULT_MTU = 1500;
