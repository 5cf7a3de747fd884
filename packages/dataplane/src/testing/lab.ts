// Test support only: hosts' data planes, endpoints on their ports, and a flat physical network between them.
import type { HostDataPlane } from "../data-plane.js";
import type { Frame } from "../frame.js";
import type { Delivery } from "../forwarding.js";
import type { EndpointEvent, IpEndpoint } from "../ip-endpoint.js";

export interface LabEvent {
  readonly host: string;
  readonly portId: string;
  readonly event: EndpointEvent;
}

type Work = { readonly host: string; readonly deliveries: readonly Delivery[] };

/**
 * Runs frames to quiescence: what a port delivers goes to the endpoint attached to it, what the
 * endpoint answers is transmitted again, and what leaves by an uplink enters every other host
 * through `receiveFromPhysical`. `lose` drops frames on the physical network.
 */
export class Lab {
  readonly events: LabEvent[] = [];
  private readonly endpoints = new Map<string, IpEndpoint>();
  lose: (frame: Frame) => boolean = () => false;

  constructor(private readonly hosts: Readonly<Record<string, HostDataPlane>>) {}

  attach(host: string, portId: string, endpoint: IpEndpoint): IpEndpoint {
    this.endpoints.set(`${host}/${portId}`, endpoint);
    return endpoint;
  }

  /** The endpoint on `portId` sends `frames` at `now`; returns the events they caused. */
  send(host: string, portId: string, frames: readonly Frame[], now: number): LabEvent[] {
    const first = this.events.length;
    const queue: Work[] = frames.map((f) => ({ host, deliveries: this.dp(host).transmit(portId, f, now) }));
    for (let work = queue.shift(); work !== undefined; work = queue.shift()) {
      for (const d of work.deliveries) {
        if (d.kind === "uplink") {
          if (this.lose(d.frame)) continue;
          for (const other of Object.keys(this.hosts)) {
            if (other !== work.host) queue.push({ host: other, deliveries: this.dp(other).receiveFromPhysical(d.frame, now) });
          }
          continue;
        }
        const endpoint = this.endpoints.get(`${work.host}/${d.portId}`);
        if (endpoint === undefined) continue;
        const { send, events } = endpoint.handle(d.frame, now);
        for (const event of events) this.events.push({ host: work.host, portId: d.portId, event });
        for (const f of send) queue.push({ host: work.host, deliveries: this.dp(work.host).transmit(d.portId, f, now) });
      }
    }
    return this.events.slice(first);
  }

  private dp(host: string): HostDataPlane {
    const dp = this.hosts[host];
    if (dp === undefined) throw new Error(`no host ${host} in the lab`);
    return dp;
  }
}
