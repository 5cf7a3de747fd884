// Test support only: the physical network between simulated hosts, in memory, on a test's clock.
import type { Frame } from "@vdsim/dataplane";
import type { Clock } from "../clock.js";
import type { HostNetwork } from "../host-network.js";
import { PhysicalSwitch } from "../physical-switch.js";
import type { WireDelivery } from "../wire.js";

export interface CarriedFrame {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly frame: Frame;
}

/**
 * Carries frames between the hosts connected to it as the NATS wire does (each host with its own
 * learning view of the physical switch), each one `latencyMs` later on the clock. `lose` drops
 * frames on the way; `carried` records every frame that arrived.
 */
export class MemoryWire {
  readonly carried: CarriedFrame[] = [];
  lose: (frame: Frame) => boolean = () => false;
  readonly #hosts = new Map<string, { readonly network: HostNetwork; readonly physical: PhysicalSwitch }>();

  constructor(
    private readonly clock: Clock,
    private readonly latencyMs = 0,
  ) {}

  connect(network: HostNetwork): void {
    const from = network.host;
    const physical = new PhysicalSwitch(from, () => this.clock.now());
    this.#hosts.set(from, { network, physical });
    network.attachWire({
      send: (frame, vmnic) => this.#send(from, physical, frame, vmnic),
      close: () => void this.#hosts.delete(from),
    });
  }

  #send(from: string, physical: PhysicalSwitch, frame: Frame, vmnic: string): WireDelivery | undefined {
    const route = physical.route(frame, vmnic);
    switch (route.kind) {
      case "flood":
        for (const to of this.#hosts.keys()) if (to !== from) this.#carry(from, vmnic, to, undefined, frame);
        return { fromHost: from, vmnic: undefined, frame };
      case "unicast":
        this.#carry(from, vmnic, route.host, route.vmnic, frame);
        return undefined;
      case "local":
        return { fromHost: from, vmnic: route.vmnic, frame };
      case "none":
        return undefined;
    }
  }

  #carry(from: string, out: string, to: string, vmnic: string | undefined, frame: Frame): void {
    if (this.lose(frame)) return;
    this.clock.setTimeout(() => {
      const dest = this.#hosts.get(to);
      if (!dest) return;
      this.carried.push({ at: this.clock.now(), from, to, frame });
      dest.physical.learn(frame, from, out);
      dest.network.receive({ fromHost: from, vmnic, frame });
    }, this.latencyMs);
  }
}
