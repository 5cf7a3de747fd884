import { isGroupMac, type Frame } from "@vdsim/dataplane";

interface Location {
  readonly host: string;
  readonly vmnic: string;
  at: number;
}

/** Where a frame that left a host by one of its vmnics goes on the physical network. */
export type PhysicalRoute =
  /** to every host, and back into this host's other switches */
  | { readonly kind: "flood" }
  /** to one other host, in by the vmnic its destination sits behind */
  | { readonly kind: "unicast"; readonly host: string; readonly vmnic: string }
  /** back into this host by another of its vmnics */
  | { readonly kind: "local"; readonly vmnic: string }
  /** nowhere: its destination sits behind the vmnic it left by */
  | { readonly kind: "none" };

const AGING_MS = 300_000;

/**
 * The physical switch between hosts, as one host's view of it. Like a learning switch, it
 * learns behind which host and vmnic each (VLAN, MAC) sits from the frames it carries (a RARP
 * moves a MAC); unicasts to a learned MAC go to that host alone, everything else is flooded.
 */
export class PhysicalSwitch {
  readonly #locations = new Map<string, Location>();

  constructor(
    private readonly host: string,
    private readonly now: () => number,
  ) {}

  /** A frame seen leaving `host` by `vmnic`. */
  learn(frame: Frame, host: string, vmnic: string): void {
    const key = `${frame.vlan}|${frame.src}`;
    const known = this.#locations.get(key);
    if (known && known.host === host && known.vmnic === vmnic) known.at = this.now();
    else this.#locations.set(key, { host, vmnic, at: this.now() });
  }

  /** Learns from a frame this host sends by `vmnic`, and says where it goes. */
  route(frame: Frame, vmnic: string): PhysicalRoute {
    this.learn(frame, this.host, vmnic);
    const to = isGroupMac(frame.dst) ? undefined : this.#lookup(frame);
    if (to === undefined) return { kind: "flood" };
    if (to.host !== this.host) return { kind: "unicast", host: to.host, vmnic: to.vmnic };
    return to.vmnic === vmnic ? { kind: "none" } : { kind: "local", vmnic: to.vmnic };
  }

  /** The learned table: "vlan|mac" -> host/vmnic. */
  table(): Array<{ vlan: number; mac: string; host: string; vmnic: string }> {
    return [...this.#locations].map(([key, l]) => {
      const [vlan, mac] = key.split("|") as [string, string];
      return { vlan: Number(vlan), mac, host: l.host, vmnic: l.vmnic };
    });
  }

  #lookup(frame: Frame): Location | undefined {
    const key = `${frame.vlan}|${frame.dst}`;
    const l = this.#locations.get(key);
    if (l && this.now() - l.at > AGING_MS) {
      this.#locations.delete(key);
      return undefined;
    }
    return l;
  }
}
