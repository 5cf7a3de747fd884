export { HostDataPlane } from "./data-plane.js";
export { DEFAULT_MAC_AGING_MS, DEFAULT_MTU } from "./config.js";
export {
  DataPlaneError,
  DataPlaneErrorCode,
  InvalidConfigError,
  MessageTooLongError,
  NoFreePortError,
  UnknownPortError,
  UnknownSwitchError,
  UnknownUplinkError,
  UplinkInUseError,
  isDataPlaneError,
  isNoFreePortError,
} from "./errors.js";
export { BROADCAST, ETHERNET_OVERHEAD, ETHERTYPE, isGroupMac, packetBytes, withVlan } from "./frame.js";
export {
  DEFAULT_PING_DATA_BYTES,
  MIN_FRAME_BYTES,
  arpReply,
  arpRequest,
  ethernetLength,
  fragment,
  icmpEcho,
  icmpEchoPacketBytes,
  rarpAnnouncement,
  trafficFrame,
} from "./frame-builders.js";
export { IpEndpoint } from "./ip-endpoint.js";
export { TrafficReceiver, TrafficSender } from "./traffic.js";
export { TrafficShaper } from "./traffic-shaper.js";
export { expectedReachability } from "./reachability.js";
export { ALL_VLANS } from "./vlan.js";
export { GUEST_NETMASK, guestIp } from "./guest-ip.js";

export type { DataPlaneConfig, DataPlaneOptions, PortKind, PortSpec, SwitchKind, SwitchSpec } from "./config.js";
export type { ArpPayload, Frame, FramePayload, IcmpPayload, Mac, TrafficPayload } from "./frame.js";
export type { IcmpEcho, TrafficDatagram } from "./frame-builders.js";
export type { Delivery } from "./forwarding.js";
export type { MacTableEntry } from "./mac-table.js";
export type { DropReason, DropRecord, PortDrops, PortStats, SwitchStats, UplinkStats } from "./stats.js";
export type { ArpEntry, EndpointEvent, EndpointOutput, IpEndpointOptions } from "./ip-endpoint.js";
export type { FlowStats, TrafficSenderOptions } from "./traffic.js";
export type { Reachability, ReachabilityEnd, Unreachable } from "./reachability.js";
