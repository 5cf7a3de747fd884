import { hostTopology, type HostTopology } from "@vdsim/esx";
import type { EventEnvelope, HostRealizedConfig } from "@vdsim/model";

const EMPTY: HostTopology = { dataPlane: { switches: [], ports: [] }, endpoints: [] };

/**
 * FOR TESTS ONLY, skip-source-release: what the host's data plane realizes, except that a VM's
 * ports stay after a vMotion away from this host (as long as their switch does).
 */
export class SourceReleaseLeak {
  #realized: HostTopology = EMPTY;
  #leaked: HostTopology = EMPTY;

  constructor(
    private readonly host: string,
    private readonly base: (config: HostRealizedConfig) => HostTopology = hostTopology,
  ) {}

  /** Told of each event before the agent applies it: a VM migrating away leaves its ports behind. */
  observe(env: EventEnvelope): void {
    if (env.type !== "VmMigrated" || env.data.source !== this.host) return;
    const { vm } = env.data;
    const endpoints = this.#realized.endpoints.filter((e) => e.owner === vm && e.kind === "vnic");
    const ids = new Set(endpoints.map((e) => e.portId));
    this.#leaked = {
      dataPlane: { switches: [], ports: [...this.#leaked.dataPlane.ports, ...this.#realized.dataPlane.ports.filter((p) => ids.has(p.id))] },
      endpoints: [...this.#leaked.endpoints, ...endpoints],
    };
  }

  /** The agent's topologyOf: the configuration's topology plus the ports never released. */
  readonly topologyOf = (config: HostRealizedConfig): HostTopology => {
    this.#realized = this.#withLeaked(this.base(config));
    return this.#realized;
  };

  #withLeaked(topology: HostTopology): HostTopology {
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
