import { randomUUID } from "node:crypto";
import type { ObjectContent } from "../collector/retrieve.js";
import { SessionObjects } from "./session-objects.js";
import { bool, data, dateTime, long, str, type VimValue } from "../soap/values.js";

export const SESSION_COOKIE = "vmware_soap_session";
/** An idle session ends after this long, as vCenter's default 30 minutes. */
export const SESSION_IDLE_MS = 30 * 60_000;
/**
 * Sessions not logged in that are kept at most: every call without a cookie makes one, so a
 * client that never sends its cookie back must not grow the service without end. The oldest
 * such session goes first; logged-in sessions are never evicted for it.
 */
export const MAX_ANONYMOUS_SESSIONS = 1_000;

/** One client's session: made at its first call (the cookie comes with the first answer), authenticated by Login. */
export interface Session {
  readonly key: string;
  readonly created: Date;
  userName: string | undefined;
  loginTime: Date | undefined;
  lastActive: Date;
  callCount: number;
  ipAddress: string;
  userAgent: string;
  /** its views, filters, collectors and history collectors */
  readonly objects: SessionObjects;
  /** RetrievePropertiesEx results not yet read, by token */
  readonly pages: Map<string, { readonly objects: ObjectContent[]; readonly max: number }>;
}

export function sessionCookie(key: string): string {
  return `${SESSION_COOKIE}="${key}"; Path=/; HttpOnly; Secure`;
}

/** The session key in a Cookie header; pyVmomi sends back the whole Set-Cookie line it got, quotes and attributes included. */
export function sessionKeyOf(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const m = new RegExp(`(?:^|[;,\\s])${SESSION_COOKIE}="?([^";,\\s]+)"?`).exec(cookie);
  return m?.[1];
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The session a cookie names, or a new one (`created`: its cookie must be set in the answer). */
  resolve(cookie: string | undefined, peer: string): { session: Session; created: boolean } {
    const now = this.now();
    this.#expire(now);
    const key = sessionKeyOf(cookie);
    const found = key === undefined ? undefined : this.#sessions.get(key);
    if (found) {
      found.lastActive = now;
      found.callCount++;
      return { session: found, created: false };
    }
    this.#evictAnonymous();
    const newKey = randomUUID();
    const session: Session = { key: newKey, created: now, userName: undefined, loginTime: undefined, lastActive: now, callCount: 1, ipAddress: peer, userAgent: "", objects: new SessionObjects(newKey), pages: new Map() };
    this.#sessions.set(newKey, session);
    return { session, created: true };
  }

  end(session: Session): void {
    this.#sessions.delete(session.key);
    session.objects.disposeAll();
  }

  get size(): number {
    return this.#sessions.size;
  }

  #evictAnonymous(): void {
    let anonymous = 0;
    for (const s of this.#sessions.values()) if (s.userName === undefined) anonymous++;
    if (anonymous < MAX_ANONYMOUS_SESSIONS) return;
    // a Map iterates in insertion order: the first anonymous one is the oldest
    for (const [key, s] of this.#sessions) {
      if (s.userName !== undefined) continue;
      this.#sessions.delete(key);
      s.objects.disposeAll();
      if (--anonymous < MAX_ANONYMOUS_SESSIONS) return;
    }
  }

  #expire(now: Date): void {
    for (const [key, s] of this.#sessions) if (now.getTime() - s.lastActive.getTime() > SESSION_IDLE_MS) {
        this.#sessions.delete(key);
        s.objects.disposeAll();
      }
  }
}

/** The UserSession a logged-in session is (Login's result, SessionManager.currentSession). */
export function userSessionValue(s: Session): VimValue | undefined {
  if (s.userName === undefined || s.loginTime === undefined) return undefined;
  return data("UserSession", {
    key: str(s.key),
    userName: str(s.userName),
    fullName: str(s.userName),
    loginTime: dateTime(s.loginTime),
    lastActiveTime: dateTime(s.lastActive),
    locale: str("en"),
    messageLocale: str("en"),
    extensionSession: bool(false),
    ipAddress: str(s.ipAddress),
    userAgent: str(s.userAgent),
    callCount: long(s.callCount),
  });
}
