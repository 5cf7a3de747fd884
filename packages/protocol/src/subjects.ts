import { subjectToken } from "@vdsim/model";

/** NATS subjects outside the event log. */
export const Subjects = {
  /** request/reply to the management service: vdsim.mgmt.<op> */
  management: (op: string): string => `vdsim.mgmt.${op}`,
  managementQueue: "vdsim-mgmt",
  /** request/reply to one host agent: vdsim.host.<host>.<op> */
  host: (host: string, op: string): string => `vdsim.host.${subjectToken(host)}.${op}`,
  /** heartbeats and applied-sequence reports of one host agent */
  heartbeat: (host: string): string => `vdsim.hb.${subjectToken(host)}`,
  heartbeatAll: "vdsim.hb.*",
  /** the physical network: frames to one host's uplinks, and frames flooded to every host */
  wire: (host: string): string => `vdsim.wire.${subjectToken(host)}`,
  wireFlood: "vdsim.wire._flood",
} as const;
