import { Decoder, Encoder } from "@msgpack/msgpack";
import { currentEnvelopeProblem, envelopeProblem, eventDataProblem } from "./event-schemas.js";
import { EVENT_SCHEMA, eventSubject, type EventEnvelope, type EventType } from "./events.js";
import { NO_SERVICES } from "./host/state.js";

// one of each for the process: decode() and encode() would make a new one per call (a replay makes millions)
const decoder = new Decoder();
const encoder = new Encoder();

export function encodeEnvelope(env: EventEnvelope): Uint8Array {
  return encoder.encode(env);
}

/** A stored message that is not an event any writer of this build could have written: it is quarantined, never folded. */
export class InvalidEvent extends Error {
  override readonly name = "InvalidEvent";
}

/**
 * Decodes a stored event, upcasts it to the current schema version and checks it: its envelope,
 * its type and version, its data against the type's schema and, given the subject it was stored
 * on, that the subject is the one its writer files it under. Throws InvalidEvent naming the problem.
 */
export function decodeEnvelope(bytes: Uint8Array, subject?: string): EventEnvelope {
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch (err) {
    throw new InvalidEvent(`not msgpack (${bytes.length} bytes): ${err instanceof Error ? err.message : String(err)}`);
  }
  return checkEnvelope(raw, subject);
}

/**
 * Checks a value as an event envelope (see decodeEnvelope) and returns it at the current schema
 * version: what a reader does after decoding, and what a store does before it appends.
 */
export function checkEnvelope(raw: unknown, subject?: string): EventEnvelope {
  const type = currentTypeOf(raw);
  if (type !== undefined && currentEnvelopeProblem(type, raw) === undefined) return checkSubject(raw as EventEnvelope, subject);
  const problem = envelopeProblem(raw);
  if (problem !== undefined) throw new InvalidEvent(`not a vdsim event envelope: ${problem}`);
  const env = raw as EventEnvelope;
  if (!Object.hasOwn(EVENT_SCHEMA, env.type)) throw new InvalidEvent(`unknown event type "${env.type}"`);
  if (env.v > EVENT_SCHEMA[env.type]) {
    throw new InvalidEvent(`event ${env.type} v${env.v} is newer than this build understands (v${EVENT_SCHEMA[env.type]})`);
  }
  let current: EventEnvelope;
  try {
    current = upcast(env);
  } catch (err) {
    throw new InvalidEvent(`event ${env.type} v${env.v} cannot be upcast: ${err instanceof Error ? err.message : String(err)}`);
  }
  const dataProblem = eventDataProblem(current.type, current.data);
  if (dataProblem !== undefined) throw new InvalidEvent(`event ${env.type} v${env.v}: ${dataProblem}`);
  return checkSubject(current, subject);
}

/** The type of an envelope that claims a known type at its current version: the one-parse path. */
function currentTypeOf(raw: unknown): EventType | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const { type, v } = raw as { type?: unknown; v?: unknown };
  return typeof type === "string" && Object.hasOwn(EVENT_SCHEMA, type) && v === EVENT_SCHEMA[type as EventType] ? (type as EventType) : undefined;
}

function checkSubject(env: EventEnvelope, subject: string | undefined): EventEnvelope {
  if (subject === undefined) return env;
  // an envelope is its event with metadata around it: no copy needed to name its subject
  const expected = eventSubject(env);
  if (subject !== expected) throw new InvalidEvent(`event ${env.type} belongs on ${expected}, not on ${subject}`);
  return env;
}

/** Brings an event written by an older schema version to the current one. */
function upcast(env: EventEnvelope): EventEnvelope {
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
