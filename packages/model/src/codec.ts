import { decode, encode } from "@msgpack/msgpack";
import { EVENT_SCHEMA, type EventEnvelope } from "./events.js";

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

// Every event type is at version 1: nothing to upcast yet. A version 2 adds its case here.
function upcast(env: EventEnvelope): EventEnvelope {
  if (env.v > EVENT_SCHEMA[env.type]) {
    throw new Error(`event ${env.type} v${env.v} is newer than this build understands (v${EVENT_SCHEMA[env.type]})`);
  }
  return env;
}
