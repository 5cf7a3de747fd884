import type { VdsimClient } from "@vdsim/client";
import type { Logger } from "@vdsim/runtime";
import type { ChangeSignal } from "../changes.js";
import type { InventoryContext } from "../inventory/context.js";
import type { ObjectSource } from "../inventory/managed-object.js";
import type { SoapRequest } from "../soap/envelope.js";
import type { VimValue } from "../soap/values.js";
import type { TaskStore } from "../tasks/task-store.js";
import type { Session } from "./sessions.js";

/** One method call as a method sees it. */
export interface Call {
  readonly req: SoapRequest;
  readonly session: Session;
  /** the session's objects, the service's singletons and the inventory */
  readonly source: ObjectSource;
  /** the same, as it stands now (a method that waits reads it again after each change) */
  readonly sourceNow: () => ObjectSource;
  /** aborts when the client closed the connection */
  readonly signal: AbortSignal;
}

export interface Method {
  /** the managed object type the method is called on (a subtype's objects answer it too) */
  readonly receiver: string;
  /** callable without a session (what a client calls before Login) */
  readonly public?: true;
  readonly run: (call: Call) => VimValue | undefined | Promise<VimValue | undefined>;
}

/** Methods by name; each area of the API (reading, watching, tasks, switches, hosts, VMs, events) gives one. */
export type MethodTable = Readonly<Record<string, Method>>;

/** What a method may use beyond its call: the cluster (to change it, as the CLI does), the folded log, tasks, change notices. */
export interface ApiDeps {
  /** the management service and host agents, through the typed client: every change goes through here */
  readonly cluster: VdsimClient;
  /** the folded log and the ids handed out so far */
  readonly ctx: InventoryContext;
  readonly tasks: TaskStore;
  /** bumped whenever anything a client can read may have changed */
  readonly changes: ChangeSignal;
  readonly log: Logger;
}
