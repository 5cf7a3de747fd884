import { RemoteError } from "@vdsim/protocol";
import { VimFault, isVimFault } from "../soap/faults.js";
import { str, type MoRef, mor } from "../soap/values.js";

/** What a refused change was about, so the fault can name it as vCenter's do. */
export interface FaultContext {
  /** the object the method was called on or the one it changes */
  readonly object?: MoRef;
  /** the name the change was about (a new switch's, port group's or VM's) */
  readonly name?: string;
  /** the argument property that carried the bad value, for InvalidArgument */
  readonly property?: string;
}

/**
 * A refusal from the management service or a host agent, as the vSphere fault a client catches by
 * type. The message is vdsim's own, which names the object; the fault's properties are vCenter's.
 */
export function faultFromError(err: unknown, ctx: FaultContext = {}): VimFault {
  if (isVimFault(err)) return err;
  if (!(err instanceof RemoteError)) return new VimFault("SystemError", `vdsim failed: ${String(err)}`, { reason: str(String(err)) });
  const message = err.message;
  switch (err.code) {
    case "NOT_FOUND":
      return new VimFault("NotFound", message);
    case "ALREADY_EXISTS":
      return ctx.object && ctx.name !== undefined
        ? new VimFault("DuplicateName", message, { name: str(ctx.name), object: mor(ctx.object) })
        : new VimFault("AlreadyExists", message, ctx.name === undefined ? {} : { name: str(ctx.name) });
    case "INVALID_ARGUMENT":
    case "BAD_REQUEST":
      return new VimFault("InvalidArgument", message, { invalidProperty: str(ctx.property ?? propertyNamed(message)) });
    case "IN_USE":
      return new VimFault("ResourceInUse", message, ctx.name === undefined ? {} : { name: str(ctx.name) });
    case "NO_FREE_PORT":
      return new VimFault("InsufficientResourcesFault", message);
    case "HOST_NOT_RESPONDING":
      return new VimFault("HostNotConnected", message);
    case "CONFLICT":
      return new VimFault("ConcurrentAccess", message);
    case "NOT_RESPONDING":
    case "TIMEOUT":
      return new VimFault("HostCommunication", message);
    default:
      return new VimFault("SystemError", message, { reason: str(`${err.code}: ${message}`) });
  }
}

/** The field a BAD_REQUEST names ("command.vlan: ...") or the quoted name in a domain message. */
function propertyNamed(message: string): string {
  return /^([A-Za-z][\w.[\]]*):/.exec(message)?.[1] ?? "spec";
}
