import { decode, encode } from "@msgpack/msgpack";
import { EVENT_SCHEMA, type EventEnvelope } from "./events.js";
import { NO_SERVICES } from "./host/state.js";

export function encodeEnvelope(env: EventEnvelope): Uint8Array {
  return encode(env);
}

/** Decodes a stored event and upcasts it to the current schema version. */
export function decodeEnvelope(bytes: Uint8Array): EventEnvelope {
  const raw = decode(bytes) as EventEnvelope;
  if (
    typeof raw !== "object" ||
    raw === null ||
    typeof raw.type !== "string" ||
    !Object.hasOwn(EVENT_SCHEMA, raw.type) ||
    typeof raw.v !== "number" ||
    typeof raw.id !== "string" ||
    typeof raw.data !== "object" ||
    raw.data === null
  ) {
    throw new Error(`not a vdsim event: ${JSON.stringify(raw).slice(0, 120)}`);
  }
  return upcast(raw);
}

/** Brings an event written by an older schema version to the current one. */
function upcast(env: EventEnvelope): EventEnvelope {
  if (env.v > EVENT_SCHEMA[env.type]) {
    throw new Error(`event ${env.type} v${env.v} is newer than this build understands (v${EVENT_SCHEMA[env.type]})`);
  }
  if (env.type === "DistributedPortGroupPolicyChanged" && env.v === 1) {
    // v1 carried the whole policy and the names of the sections that changed
    const v1 = env.data as unknown as { vds: string; portgroup: string; policy: Record<string, unknown>; changed: string[] };
    const changes = Object.fromEntries(v1.changed.map((k) => [k, v1.policy[k]]));
    return { ...env, v: 2, data: { vds: v1.vds, portgroup: v1.portgroup, changes } } as EventEnvelope;
  }
  if (env.type === "StandardSwitchReconfigured" && env.v === 1) {
    // nothing could change a switch's CDP status before v2: it listened
    return { ...env, v: 2, data: { ...env.data, cdpStatus: "listen" } } as EventEnvelope;
  }
  if ((env.type === "VmkNicAdded" || env.type === "VmkNicChanged") && env.v === 1) {
    // v1 services were management and vmotion; the tags added in v2 were off
    const data = env.data as { services: { management: boolean; vmotion: boolean } };
    return { ...env, v: 2, data: { ...env.data, services: { ...NO_SERVICES, ...data.services } } } as EventEnvelope;
  }
  if (env.type === "DistributedSwitchCreated" && env.v === 1) {
    const v1 = env.data as unknown as { vds: string };
    return { ...env, v: 2, data: { ...env.data, uplinkPortGroup: { portgroup: `${v1.vds}-DVUplinks`, key: "N/A" } } } as EventEnvelope;
  }
  if (env.type === "HostAddedToDistributedSwitch" && env.v === 1) {
    // v1 uplink ports had no keys of their own: they go by their uplink names
    return { ...env, v: 2, data: { ...env.data, uplinkPorts: {} } } as EventEnvelope;
  }
  return env;
}
