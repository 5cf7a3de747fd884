import type { ClusterState, DistributedSwitch } from "@vdsim/model";
import type { MoRef } from "../soap/values.js";
import type { FoldedCluster } from "./folded-cluster.js";
import { IdRegistry, dvsUuid } from "./ids.js";
import { hostRef, networkRef, switchRef, vmRef } from "./refs.js";

export type HostConnectionState = "connected" | "notResponding";

/** What every part of the inventory reads: the folded cluster, host liveness, and the ids handed out so far. */
export class InventoryContext {
  readonly #vmIds = new IdRegistry(100);
  readonly #networkIds = new IdRegistry(20);
  #localVersion = 0;

  constructor(
    readonly cluster: FoldedCluster,
    readonly connectionState: (host: string) => HostConnectionState,
    /** when the service started: the boot time it reports for hosts and VMs */
    readonly bootTime: Date,
  ) {}

  /** moves when something the inventory shows beside the log changed (how a VM was asked for) */
  get localVersion(): number {
    return this.#localVersion;
  }

  /** Says that what the inventory shows beside the log changed: the next read builds it again. */
  touched(): void {
    this.#localVersion++;
  }

  get state(): ClusterState {
    return this.cluster.state;
  }

  hostRef(name: string): MoRef | undefined {
    const h = this.state.hosts[name];
    return h ? hostRef(h.index) : undefined;
  }

  vmRef(name: string): MoRef {
    return vmRef(this.#vmIds.id(name));
  }

  /** The Network object of a standard port group name (one for every host that has it). */
  networkRef(portgroup: string): MoRef {
    return networkRef(this.#networkIds.id(portgroup));
  }

  switchRef(vds: DistributedSwitch): MoRef {
    return switchRef(vds.uplinkPortGroup.key);
  }

  switchUuid(vds: DistributedSwitch): string {
    return dvsUuid(`${vds.name}/${vds.uplinkPortGroup.key}`);
  }
}
