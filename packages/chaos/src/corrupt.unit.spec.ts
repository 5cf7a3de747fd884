import { decode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { EVENT_SCHEMA, decodeEnvelope } from "@vdsim/model";
import { BAD_MESSAGES, GLOBAL_TARGET, badMessageAt, corruptSubject, encodeBadMessage } from "./corrupt.js";

describe("the corrupt nemesis's bad messages", () => {
  it("rotate through not-msgpack, an unknown type, a wrong shape and a future schema version", () => {
    expect(Array.from({ length: 9 }, (_, i) => badMessageAt(i))).toEqual([
      "not-msgpack",
      "unknown-type",
      "wrong-shape",
      "future-version",
      "not-msgpack",
      "unknown-type",
      "wrong-shape",
      "future-version",
      "not-msgpack",
    ]);
  });

  it("not-msgpack is four bytes no msgpack decoder reads", () => {
    const bytes = encodeBadMessage("not-msgpack");
    expect(bytes).toHaveLength(4);
    expect(() => decode(bytes)).toThrow();
    expect(() => decodeEnvelope(bytes)).toThrow();
  });

  it("unknown-type is an envelope whose type no writer declares", () => {
    const env = decode(encodeBadMessage("unknown-type", "id-1", "2026-12-03T00:00:00.000Z")) as { type: string; id: string; v: number };
    expect(Object.hasOwn(EVENT_SCHEMA, env.type)).toBe(false);
    expect(env).toMatchObject({ id: "id-1", v: 1 });
    expect(() => decodeEnvelope(encodeBadMessage("unknown-type"))).toThrow(/unknown event type "ChaosPlanted/);
  });

  it("wrong-shape is a known type at its current version with data of the wrong shape", () => {
    const env = decode(encodeBadMessage("wrong-shape")) as { type: keyof typeof EVENT_SCHEMA; v: number; data: Record<string, unknown> };
    expect(Object.hasOwn(EVENT_SCHEMA, env.type)).toBe(true);
    expect(env.v).toBe(EVENT_SCHEMA[env.type]);
    expect(typeof env.data.vds).not.toBe("string");
  });

  it("future-version is a known type with schema version 99", () => {
    const env = decode(encodeBadMessage("future-version")) as { type: string; v: number };
    expect(Object.hasOwn(EVENT_SCHEMA, env.type)).toBe(true);
    expect(env.v).toBe(99);
  });

  it("goes on a subject of the event stream: a global one, or one of the target host's", () => {
    expect(corruptSubject(GLOBAL_TARGET, "abc")).toBe("vdsim.evt.global.chaos.corrupt-abc");
    expect(corruptSubject("esx-02", "a.b*c")).toBe("vdsim.evt.host.esx-02.chaos.corrupt-a_b_c");
    expect(BAD_MESSAGES).toHaveLength(4);
  });
});
