import { describe, expect, it } from "vitest";
import { envelope } from "@vdsim/model";
import { ConcurrencyError } from "./errors.js";
import { InMemoryEventStore } from "./memory-store.js";
import { eventStoreContract } from "./contract.spec-support.js";

eventStoreContract("in-memory", async () => new InMemoryEventStore());

describe("the in-memory store's duplicate window", () => {
  const env = envelope({ type: "HostAdded", data: { host: "esx-01", pnics: ["vmnic0"] } }, { commandId: "cmd-1", time: "2026-01-01T00:00:00.000Z" });
  const subject = "vdsim.evt.global.host.esx-01";

  it("deduplicates a message id within the window and appends it again, with its expectation checked, after", async () => {
    let now = 0;
    const store = new InMemoryEventStore({ duplicateWindowMs: 1_000, now: () => now });
    await store.append({ subject, envelope: env, expect: { lastSeq: 0 } });
    now = 999;
    expect(await store.append({ subject, envelope: env, expect: { lastSeq: 0 } })).toEqual({ seq: 1, duplicate: true });
    now = 1_000;
    const stale = await store.append({ subject, envelope: env, expect: { lastSeq: 0 } }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(await store.append({ subject, envelope: env, expect: { lastSeq: 1 } })).toEqual({ seq: 2, duplicate: false });
  });
});
