import { randomUUID } from "node:crypto";
import { encode } from "@msgpack/msgpack";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { PlantedMessage } from "@vdsim/checker";
import { EVENT_SCHEMA, EVENT_SUBJECT_PREFIX } from "@vdsim/model";
import { connectNats } from "@vdsim/runtime";

/** The bad messages the corrupt nemesis plants, in the order it rotates through them. */
export const BAD_MESSAGES = ["not-msgpack", "unknown-type", "wrong-shape", "future-version"] as const;
export type BadMessage = (typeof BAD_MESSAGES)[number];

/** The `target` of a corrupt fault that plants on a global subject (any other target is a host). */
export const GLOBAL_TARGET = "global";

/** A known type whose data has none of its fields: what a writer with a wrong idea of it would append. */
const KNOWN_TYPE = "DistributedSwitchCreated" satisfies keyof typeof EVENT_SCHEMA;
const FUTURE_VERSION = 99;

/** The n-th bad message (0-based) of the rotation. */
export function badMessageAt(n: number): BadMessage {
  return BAD_MESSAGES[n % BAD_MESSAGES.length]!;
}

/** The bytes of a bad message: never one that vdsim's writers could have appended. */
export function encodeBadMessage(bad: BadMessage, id: string = randomUUID(), time: string = new Date().toISOString()): Uint8Array {
  const envelope = { id, time, correlationId: `chaos-corrupt-${id}` };
  switch (bad) {
    case "not-msgpack":
      // 0xc1 is the one byte msgpack never uses
      return Uint8Array.of(0xc1, 0xc1, 0xc1, 0xc1);
    case "unknown-type":
      return encode({ ...envelope, type: "ChaosPlantedNonsense", v: 1, data: { planted: true } });
    case "wrong-shape":
      return encode({ ...envelope, type: KNOWN_TYPE, v: EVENT_SCHEMA[KNOWN_TYPE], data: { vds: 42, uplinks: "many" } });
    case "future-version":
      return encode({ ...envelope, type: KNOWN_TYPE, v: FUTURE_VERSION, data: { vds: "chaos-corrupt", uplinks: 1 } });
  }
}

/** Where a bad message goes: a global subject, or one of the host's. */
export function corruptSubject(target: string, id: string): string {
  const token = id.replace(/[^\w-]/g, "_");
  return target === GLOBAL_TARGET ? `${EVENT_SUBJECT_PREFIX}.global.chaos.corrupt-${token}` : `${EVENT_SUBJECT_PREFIX}.host.${target}.chaos.corrupt-${token}`;
}

/** How the corrupt nemesis reaches NATS (soon with the admin role's credentials). */
export interface CorruptAccess {
  readonly servers: string | readonly string[];
  readonly credsFile?: string;
  readonly caFile?: string;
}

/**
 * The corrupt nemesis: appends a bad message to the event stream with a JetStream publish (so
 * the ack names its stream sequence), rotating through BAD_MESSAGES.
 */
export class Corrupter implements AsyncDisposable {
  #nc: Promise<NatsConnection> | undefined;
  #planted = 0;

  constructor(private readonly access: () => CorruptAccess) {}

  async plant(target: string): Promise<PlantedMessage> {
    const bad = badMessageAt(this.#planted++);
    const id = randomUUID();
    const subject = corruptSubject(target, id);
    const js = jetstream(await this.#connection(), { timeout: 5_000 });
    const ack = await js.publish(subject, encodeBadMessage(bad, id), { msgID: `chaos-corrupt-${id}` });
    return { seq: ack.seq, subject, bad };
  }

  #connection(): Promise<NatsConnection> {
    this.#nc ??= connectNats({ ...this.access(), name: "vdsim-chaos-corrupt", maxReconnectAttempts: 10 });
    return this.#nc;
  }

  async close(): Promise<void> {
    const nc = this.#nc;
    this.#nc = undefined;
    if (nc) await (await nc.catch(() => undefined))?.close().catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
