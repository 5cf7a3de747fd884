import type { Frame } from "@vdsim/dataplane";

/** A frame off the physical network, for this host. */
export interface WireDelivery {
  readonly fromHost: string;
  /** the vmnic the frame is for; undefined for a flood, which every switch with an uplink receives */
  readonly vmnic: string | undefined;
  readonly frame: Frame;
}

/**
 * The physical network as one host sees it. Frames that arrive for the host are handed to its
 * HostNetwork's `receive`, by whoever built the wire.
 */
export interface Wire {
  /**
   * Sends a frame that left this host by `vmnic`. Returns the local delivery when the frame
   * (or a flood) must also come back in through another of this host's own vmnics.
   */
  send(frame: Frame, vmnic: string): WireDelivery | undefined;
  close(): void;
}
