import type { Frame, HostDataPlane } from "@vdsim/dataplane";
import type { Clock } from "./clock.js";
import type { Endpoint } from "./endpoints.js";

/** What a guest does behind the host's back: forged frames, a MAC of its own choosing. */
export interface GuestHost {
  readonly dataPlane: HostDataPlane;
  readonly clock: Clock;
  transmit(portId: string, frames: readonly Frame[]): void;
}

/** The guest sends `count` echo requests (or the ARP they need) with a forged source MAC: returns the frames sent. */
export function spoof(host: GuestHost, ep: Endpoint, srcMac: string, targetIp: string, count: number): number {
  let sent = 0;
  for (let seq = 1; seq <= count; seq++) {
    const frames = ep.stack.ping(targetIp, 0xfffe, seq, host.clock.now()).map((f) => ({ ...f, src: srcMac }));
    sent += frames.length;
    host.transmit(ep.spec.portId, frames);
  }
  return sent;
}

/** The guest changes its vNIC's MAC: the stack uses it, and the port's effective MAC follows. */
export function changeGuestMac(host: GuestHost, ep: Endpoint, mac: string): void {
  ep.stack.changeMac(mac);
  host.dataPlane.setEffectiveMac(ep.spec.portId, mac);
}
