import { describe, expect, it } from "vitest";
import { SnapshotsTooSlow, withinSnapshotDeadline } from "./store.js";

describe("a start-up reading snapshots", () => {
  it("gives up on a read that does not end in time, naming how long it waited", async () => {
    const err = await withinSnapshotDeadline(new Promise<never>(() => undefined), 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotsTooSlow);
    expect((err as Error).message).toBe("reading the snapshots took over 20 ms: the log is folded without them");
  });

  it("takes what a read in time gives", async () => {
    await expect(withinSnapshotDeadline(Promise.resolve(7), 1_000)).resolves.toBe(7);
  });
});
