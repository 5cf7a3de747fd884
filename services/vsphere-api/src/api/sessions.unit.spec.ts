import { describe, expect, it } from "vitest";
import { MAX_ANONYMOUS_SESSIONS, SESSION_IDLE_MS, SessionStore, sessionCookie } from "./sessions.js";

describe("sessions", () => {
  it("keep a logged-in session while a client that never sends its cookie back makes new ones without end", () => {
    const store = new SessionStore();
    const kept = store.resolve(undefined, "127.0.0.1").session;
    kept.userName = "root";
    for (let i = 0; i < MAX_ANONYMOUS_SESSIONS * 3; i++) store.resolve(undefined, "127.0.0.1");
    expect(store.size).toBeLessThanOrEqual(MAX_ANONYMOUS_SESSIONS + 1);
    expect(store.resolve(sessionCookie(kept.key), "127.0.0.1").created).toBe(false);
  });

  it("end after half an hour idle, as vCenter's", () => {
    let now = new Date("2026-12-03T08:00:00Z");
    const store = new SessionStore(() => now);
    const s = store.resolve(undefined, "127.0.0.1").session;
    now = new Date(now.getTime() + SESSION_IDLE_MS + 1);
    expect(store.resolve(sessionCookie(s.key), "127.0.0.1").created).toBe(true);
  });
});
