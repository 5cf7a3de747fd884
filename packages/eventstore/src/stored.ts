import { decodeEnvelope, type EventEnvelope } from "@vdsim/model";
import type { StoredEvent } from "./types.js";

/**
 * A stored message, decoded and checked as it is read (against its type's schema and the subject
 * it was stored on). One that is not a valid event is still delivered, in its place, with an
 * envelope that throws the codec's error when read: followers quarantine it and go on. (Decoding
 * here rather than lazily on access keeps every event a plain object, which is what keeps a
 * replay at the speed of the read.)
 */
export function storedEvent(seq: number, subject: string, bytes: Uint8Array): StoredEvent {
  try {
    return { seq, subject, envelope: decodeEnvelope(bytes, subject) };
  } catch (err) {
    return {
      seq,
      subject,
      get envelope(): EventEnvelope {
        throw err;
      },
    };
  }
}
