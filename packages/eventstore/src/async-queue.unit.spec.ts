import { describe, expect, it } from "vitest";
import { AsyncQueue } from "./async-queue.js";

describe("AsyncQueue", () => {
  it("hands items to a waiting reader and ends it", async () => {
    const q = new AsyncQueue<number>();
    const first = q.next();
    q.push(1);
    q.push(2);
    q.end();
    expect(await first).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it("delivers what was pushed before a failure, then the error once, then ends", async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.fail(new Error("undecodable event"));
    q.push(2);
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toThrow("undecodable event");
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it("rejects a reader already waiting when it fails", async () => {
    const q = new AsyncQueue<number>();
    const waiting = q.next();
    q.fail(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
  });
});
