import { PermissionViolationError, type NatsConnection } from "@nats-io/transport-node";

/** The role each connection made by connectNats authenticated as (from its credentials file). */
const roles = new WeakMap<NatsConnection, string>();
/** Violations a caller already turned into an error of its own: not reported again. */
const claimed = new WeakSet<Error>();

export function recordNatsRole(nc: NatsConnection, role: string): void {
  roles.set(nc, role);
}

/** The role a connection authenticated as ("client", "management", "esx-01", "admin"); undefined without credentials. */
export function natsRoleOf(nc: NatsConnection): string | undefined {
  return roles.get(nc);
}

/** The NATS server refused a publish or a subscription to this role: "permission denied: client may not publish to vdsim.evt.global.vds.x". */
export class PermissionDeniedError extends Error {
  override readonly name = "PermissionDeniedError";
  constructor(
    readonly role: string,
    readonly operation: "publish" | "subscribe",
    readonly subject: string,
    options?: ErrorOptions,
  ) {
    super(`permission denied: ${role} may not ${operation} to ${subject}`, options);
  }
}

/**
 * The server's permission violation in `err` (or its causes) as a PermissionDeniedError naming
 * the connection's role; undefined when `err` is not one. The violation counts as reported.
 */
export function permissionDenied(err: unknown, nc: NatsConnection): PermissionDeniedError | undefined {
  const violation = findViolation(err);
  if (violation === undefined) return undefined;
  claimed.add(violation);
  return toDenied(violation, nc);
}

/**
 * Hands every permission violation the server reports on `nc` to `report`, unless a caller
 * turned it into its own error first (a request rejected with it: see permissionDenied). A
 * denied subscription or plain publish has no caller waiting on it: this is where it is seen.
 */
export function watchPermissionViolations(nc: NatsConnection, report: (err: PermissionDeniedError) => void): void {
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type !== "error" || !(s.error instanceof PermissionViolationError)) continue;
      const violation = s.error;
      // a rejected request's caller runs first (its promise settles in this turn's microtasks)
      setImmediate(() => {
        if (!claimed.has(violation)) report(toDenied(violation, nc));
      });
    }
  })().catch(() => undefined);
}

function toDenied(v: PermissionViolationError, nc: NatsConnection): PermissionDeniedError {
  return new PermissionDeniedError(natsRoleOf(nc) ?? "this NATS user", v.operation === "subscription" ? "subscribe" : "publish", v.subject, { cause: v });
}

function findViolation(err: unknown): PermissionViolationError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof PermissionViolationError) return e;
  }
  return undefined;
}
