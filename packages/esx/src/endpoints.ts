import { IpEndpoint } from "@vdsim/dataplane";
import type { EndpointSpec, HostTopology } from "./topology.js";

/** An IP stack attached to a port of the host's data plane. */
export interface Endpoint {
  readonly spec: EndpointSpec;
  readonly stack: IpEndpoint;
}

/**
 * The IP stacks of the host's vNICs and vmknics, by port id. A stack survives a reconcile
 * unless its address, MAC, netmask or MTU changed; a VM stunned for a vMotion switchover has
 * none, whatever the configuration says, until it is unstunned.
 */
export class EndpointTable {
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #stunned = new Set<string>();

  reconcile(topology: HostTopology): void {
    const wanted = new Map(topology.endpoints.map((e) => [e.portId, e]));
    for (const [id, ep] of this.#endpoints) {
      const spec = wanted.get(id);
      if (!spec || spec.ip !== ep.spec.ip || spec.mac !== ep.spec.mac || spec.netmask !== ep.spec.netmask || spec.mtu !== ep.spec.mtu) this.#endpoints.delete(id);
    }
    for (const vm of this.#stunned) if (!topology.endpoints.some((e) => e.owner === vm)) this.#stunned.delete(vm);
    for (const [id, spec] of wanted) {
      if (this.#stunned.has(spec.owner)) continue;
      if (this.#endpoints.has(id)) continue;
      this.#endpoints.set(id, { spec, stack: new IpEndpoint({ mac: spec.mac, ip: spec.ip, netmask: spec.netmask, mtu: spec.mtu }) });
    }
  }

  get(portId: string): Endpoint | undefined {
    return this.#endpoints.get(portId);
  }

  /** The endpoint of a vmknic, or of a VM's vNIC (its first unless `nic` is given). */
  of(owner: string, nic?: number): Endpoint | undefined {
    let best: Endpoint | undefined;
    for (const ep of this.#endpoints.values()) {
      if (ep.spec.owner !== owner || (nic !== undefined && ep.spec.nic !== nic)) continue;
      if (!best || ep.spec.nic < best.spec.nic) best = ep;
    }
    return best;
  }

  values(): IterableIterator<Endpoint> {
    return this.#endpoints.values();
  }

  /** Takes a VM's vNIC stacks down until `unstun`: returns the ones it had. */
  stun(vm: string): Endpoint[] {
    this.#stunned.add(vm);
    const removed: Endpoint[] = [];
    for (const [id, ep] of this.#endpoints) {
      if (ep.spec.owner !== vm || ep.spec.kind !== "vnic") continue;
      removed.push(ep);
      this.#endpoints.delete(id);
    }
    return removed;
  }

  /** Lets the next reconcile bring the VM's stacks back. */
  unstun(vm: string): void {
    this.#stunned.delete(vm);
  }
}
