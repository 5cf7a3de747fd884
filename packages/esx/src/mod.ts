export { HostNetwork } from "./host-network.js";
export { PhysicalSwitch } from "./physical-switch.js";
export { TRAFFIC_TICK_MS } from "./traffic.js";
export { dataPlanePorts, hostTopology, portIds } from "./topology.js";
export { sleep } from "./clock.js";

export type { Clock, Timer } from "./clock.js";
export type { EchoOptions, EchoOutcome } from "./echo.js";
export type { Endpoint } from "./endpoints.js";
export type { HostNetworkOptions, NetworkLog } from "./host-network.js";
export type { PhysicalRoute } from "./physical-switch.js";
export type { DataPlanePort, PortCounters, TrafficFlowStats, VmRuntimeState } from "./reports.js";
export type { EndpointSpec, HostTopology } from "./topology.js";
export type { Wire, WireDelivery } from "./wire.js";
