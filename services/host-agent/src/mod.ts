export { HostAgent } from "./agent.js";
export { emptySnapshot, loadSnapshot, saveSnapshot } from "./snapshot.js";

export type { HostAgentOptions } from "./agent.js";
export type { HostSnapshot } from "./snapshot.js";
export { decodeWireBatch, encodeWireBatch } from "./network/wire-codec.js";
export type { WireBatch, WireEntry } from "./network/wire-codec.js";
