import type { HostTopology } from "@vdsim/esx";
import type { EventEnvelope } from "@vdsim/model";
import type { PlantedFaults } from "@vdsim/runtime";

/**
 * The host agent's side of the bugs planted by VDSIM_FAULT, FOR TESTS ONLY (see
 * @vdsim/runtime's planted-faults): the consistency checker's tests plant them to show that
 * `vdsim check` catches each. The agent has none of this unless the variable is set.
 */
export class PlantedHostBugs {
  #dropped = false;
  #leaked: HostTopology = { dataPlane: { switches: [], ports: [] }, endpoints: [] };

  constructor(
    private readonly faults: PlantedFaults,
    private readonly host: string,
  ) {}

  /** drop-applied-event: true for the first event of the planted type, which the agent then skips. */
  drops(type: string): boolean {
    if (this.#dropped || this.faults.dropAppliedEvent !== type) return false;
    this.#dropped = true;
    return true;
  }

  /** skip-source-release: before a vMotion away from this host is applied, keeps the VM's ports as they are. */
  beforeApply(env: EventEnvelope, current: HostTopology | undefined): void {
    if (!this.faults.skipSourceRelease || env.type !== "VmMigrated" || !current) return;
    const { vm, source } = env.data;
    if (source !== this.host) return;
    const endpoints = current.endpoints.filter((e) => e.owner === vm && e.kind === "vnic");
    const ids = new Set(endpoints.map((e) => e.portId));
    this.#leaked = {
      dataPlane: { switches: [], ports: [...this.#leaked.dataPlane.ports, ...current.dataPlane.ports.filter((p) => ids.has(p.id))] },
      endpoints: [...this.#leaked.endpoints, ...endpoints],
    };
  }

  /** The topology to realize: with skip-source-release, plus the ports never released. */
  realize(topology: HostTopology): HostTopology {
    const ids = new Set(topology.dataPlane.ports.map((p) => p.id));
    const switches = new Set(topology.dataPlane.switches.map((s) => s.name));
    const ports = this.#leaked.dataPlane.ports.filter((p) => !ids.has(p.id) && switches.has(p.switch));
    if (ports.length === 0) return topology;
    const kept = new Set(ports.map((p) => p.id));
    return {
      dataPlane: { switches: topology.dataPlane.switches, ports: [...topology.dataPlane.ports, ...ports] },
      endpoints: [...topology.endpoints, ...this.#leaked.endpoints.filter((e) => kept.has(e.portId))],
    };
  }
}
