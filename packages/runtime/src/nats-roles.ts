/**
 * Who may do what on vdsim's NATS: one NATS user per role, with the permissions the server itself
 * enforces (nats-server's `authorization { users = [...] }`). The subjects are the ones the code
 * uses (@vdsim/protocol's Subjects, the event log's vdsim.evt.<scope>.>, the JetStream API calls
 * of @vdsim/eventstore); a test of every role against a real server keeps them true.
 */

/** The event stream's name (@vdsim/eventstore's DEFAULT_STREAM). */
export const EVENT_STREAM = "VDSIM_EVENTS";
/** The snapshots' stream (@vdsim/eventstore's SNAPSHOT_STREAM): the management service writes it, every other role reads it. */
export const SNAPSHOT_STREAM = "VDSIM_SNAPSHOTS";

/**
 * A role: operators and nemeses (admin), the management service, one host agent, a rack (one
 * process running several simulated hosts: each host's permissions, and no more), or a client.
 */
export type NatsRole =
  | { readonly kind: "admin" }
  | { readonly kind: "management" }
  | { readonly kind: "client" }
  | { readonly kind: "host"; readonly host: string }
  | { readonly kind: "rack"; readonly name: string; readonly hosts: readonly string[] };

export const ADMIN: NatsRole = { kind: "admin" };
export const MANAGEMENT: NatsRole = { kind: "management" };
export const CLIENT: NatsRole = { kind: "client" };
export const hostRole = (host: string): NatsRole => ({ kind: "host", host: checkedHost(host) });
/** The user of a process that runs `hosts`; `name` (e.g. rack-01) names its credentials file. */
export function rackRole(name: string, hosts: readonly string[]): NatsRole {
  if (hosts.length === 0) throw new Error(`rack "${name}" runs no hosts`);
  return { kind: "rack", name: checkedHost(name), hosts: hosts.map(checkedHost) };
}

/** What a role is called in files and messages: "admin", "management", "client", the host's or the rack's name. */
export function roleName(role: NatsRole): string {
  switch (role.kind) {
    case "host":
      return role.host;
    case "rack":
      return role.name;
    default:
      return role.kind;
  }
}

export interface SubjectPermissions {
  readonly allow: readonly string[];
}

/** A user's permissions in nats-server's terms; undefined for admin (everything). */
export interface NatsPermissions {
  readonly publish: SubjectPermissions;
  readonly subscribe: SubjectPermissions;
  /** may reply to the requests it receives (services), whatever their reply subject */
  readonly allow_responses: boolean;
}

/**
 * Reading the log: JetStream's account and stream info, getting a message, and ordered
 * consumers of its own (create, info, next batch, delete). Never stream administration
 * (create, update, delete, purge, message delete) and never a durable consumer.
 */
export function logReaderSubjects(stream = EVENT_STREAM): string[] {
  return [
    "$JS.API.INFO",
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.DELETE.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    `$JS.ACK.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/** Every role's permissions; admin has none (may do everything). */
export function rolePermissions(role: NatsRole, stream = EVENT_STREAM): NatsPermissions | undefined {
  const read = [...new Set([...logReaderSubjects(stream), ...logReaderSubjects(SNAPSHOT_STREAM)])];
  switch (role.kind) {
    case "admin":
      return undefined;
    case "management":
      // the only writer of the global events and of the snapshots; creates their streams when missing (never
      // updates or removes them), and purges the snapshots it no longer keeps
      return {
        publish: {
          allow: [
            "vdsim.evt.global.>",
            "vdsim.snap.>",
            "vdsim.host.*.>",
            `$JS.API.STREAM.CREATE.${stream}`,
            `$JS.API.STREAM.CREATE.${SNAPSHOT_STREAM}`,
            `$JS.API.STREAM.PURGE.${SNAPSHOT_STREAM}`,
            ...read,
          ],
        },
        subscribe: { allow: [">"] },
        allow_responses: true,
      };
    case "host":
    case "rack": {
      const hosts = role.kind === "host" ? [role.host] : role.hosts;
      return {
        publish: { allow: [...hosts.flatMap((h) => [`vdsim.evt.host.${h}.>`, `vdsim.hb.${h}`]), "vdsim.wire.>", "vdsim.mgmt.>", ...read] },
        subscribe: { allow: [...hosts.flatMap((h) => [`vdsim.host.${h}.>`, `vdsim.wire.${h}`]), "vdsim.wire._flood", "_INBOX.>"] },
        allow_responses: true,
      };
    }
    case "client":
      return {
        publish: { allow: ["vdsim.mgmt.>", "vdsim.host.*.>", ...read] },
        subscribe: { allow: ["_INBOX.>", "vdsim.hb.*"] },
        allow_responses: false,
      };
  }
}

/** One nkeys user of the server's authorization block. */
export interface NatsUser {
  readonly role: NatsRole;
  /** the user's public nkey (U...) */
  readonly nkey: string;
}

/** nats-server's `authorization { users = [...] }` for these users (2.9 syntax: nkeys users with permissions). */
export function authorizationConfig(users: readonly NatsUser[], stream = EVENT_STREAM): string {
  const q = (s: string): string => JSON.stringify(s);
  const list = (subjects: SubjectPermissions): string => `{ allow: [${subjects.allow.map(q).join(", ")}] }`;
  const lines = users.map((u) => {
    const p = rolePermissions(u.role, stream);
    const permissions = p === undefined ? "" : `, permissions: { publish: ${list(p.publish)}, subscribe: ${list(p.subscribe)}${p.allow_responses ? ", allow_responses: true" : ""} }`;
    return `    # ${roleName(u.role)}\n    { nkey: ${q(u.nkey)}${permissions} }`;
  });
  return ["authorization {", "  users = [", ...lines, "  ]", "}"].join("\n") + "\n";
}

function checkedHost(host: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(host) || ["admin", "management", "client"].includes(host)) {
    throw new Error(`host name "${host}" cannot name a NATS user: letters, digits, - and _ only, and not a role's name`);
  }
  return host;
}
