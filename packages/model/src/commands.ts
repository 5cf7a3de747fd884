import type { MigrationCommand } from "./migration/decide-migration.js";
import type { PortGroupPolicyPatch, VlanSpec } from "./policy.js";

/** Commands the management service (the vCenter analogue) decides. */
export type ManagementCommand =
  | { readonly type: "RegisterHost"; readonly host: string; readonly pnics: readonly string[] }
  | {
      readonly type: "CreateDistributedSwitch";
      readonly vds: string;
      readonly uplinks?: number;
      readonly mtu?: number;
      readonly maxPorts?: number;
    }
  /** the switch's settings that can change after its creation: its MTU */
  | { readonly type: "ReconfigureDistributedSwitch"; readonly vds: string; readonly mtu: number }
  | { readonly type: "RemoveDistributedSwitch"; readonly vds: string }
  | {
      readonly type: "AddHostToDistributedSwitch";
      readonly vds: string;
      readonly host: string;
      /** vmnics to back uplink1, uplink2, ... in order; default: the host's NICs except vmnic0 */
      readonly pnics?: readonly string[];
    }
  | { readonly type: "RemoveHostFromDistributedSwitch"; readonly vds: string; readonly host: string }
  | {
      readonly type: "AddDistributedPortGroup";
      readonly vds: string;
      readonly portgroup: string;
      readonly vlan?: VlanSpec;
      readonly ports?: number;
    }
  | {
      readonly type: "SetDistributedPortGroupPolicy";
      readonly vds: string;
      readonly portgroup: string;
      readonly patch: PortGroupPolicyPatch;
    }
  | { readonly type: "RemoveDistributedPortGroup"; readonly vds: string; readonly portgroup: string }
  | {
      readonly type: "CreateVm";
      readonly vm: string;
      readonly host: string;
      readonly networks: readonly string[];
      readonly memoryMB?: number;
      readonly dirtyRateMBps?: number;
    }
  | { readonly type: "RemoveVm"; readonly vm: string }
  | MigrationCommand;

export type ManagementCommandType = ManagementCommand["type"];

export type { DecisionContext } from "./decision-context.js";

export const LIMITS = {
  uplinks: { min: 1, max: 32, default: 2 },
  mtu: { min: 1280, max: 9000, default: 1500 },
  maxPorts: { min: 1, max: 60_000, default: 8192 },
  portGroupPorts: { min: 1, max: 8192, default: 8 },
} as const;
