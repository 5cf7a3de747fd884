import type { StoredEvent } from "@vdsim/eventstore";
import { evolve, initialState, toDomainEvent, type ClusterState } from "@vdsim/model";

/**
 * The cluster as the log says it is, with what vSphere shows beside it: a configVersion per
 * distributed switch and port group, counted from the events that changed each (0 when created).
 */
export class FoldedCluster {
  readonly state: ClusterState = initialState();
  #seq = 0;
  readonly #switchVersions = new Map<string, number>();
  readonly #portGroupVersions = new Map<string, number>();

  get seq(): number {
    return this.#seq;
  }

  /** Folds the next event; throws, changing nothing, on one that does not apply (the follower quarantines it). */
  apply(e: StoredEvent): void {
    const event = toDomainEvent(e.envelope);
    evolve(this.state, event);
    this.#seq = e.seq;
    switch (event.type) {
      case "DistributedSwitchCreated":
        this.#switchVersions.set(event.data.vds, 0);
        break;
      case "DistributedSwitchReconfigured":
      case "HostAddedToDistributedSwitch":
      case "HostRemovedFromDistributedSwitch":
        this.#bump(this.#switchVersions, event.data.vds);
        break;
      case "DistributedPortGroupAdded":
        this.#portGroupVersions.set(event.data.portgroup, 0);
        break;
      case "DistributedPortGroupPolicyChanged":
        this.#bump(this.#portGroupVersions, event.data.portgroup);
        break;
      default:
        break;
    }
  }

  switchConfigVersion(vds: string): number {
    return this.#switchVersions.get(vds) ?? 0;
  }

  portGroupConfigVersion(portgroup: string): number {
    return this.#portGroupVersions.get(portgroup) ?? 0;
  }

  #bump(versions: Map<string, number>, name: string): void {
    versions.set(name, (versions.get(name) ?? 0) + 1);
  }
}
