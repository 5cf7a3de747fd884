import { data, mor, str, type DataValue, type MoRef, type VimValue } from "./values.js";

/**
 * A vim25 MethodFault raised by a method: its type (InvalidLogin, NotAuthenticated, ...), the
 * faultstring a client shows, and the fault's own properties written in the SOAP detail.
 */
export class VimFault extends Error {
  override readonly name = "VimFault";

  constructor(
    readonly faultType: string,
    message: string,
    readonly props: Readonly<Record<string, VimValue | undefined>> = {},
  ) {
    super(message);
  }

  /** The fault as a data object (a LocalizedMethodFault's `fault`, a MissingProperty's). */
  toData(): DataValue {
    return data(this.faultType, this.props);
  }
}

export const isVimFault = (err: unknown): err is VimFault => err instanceof VimFault;

export const invalidLogin = (): VimFault => new VimFault("InvalidLogin", "Cannot complete login due to an incorrect user name or password.");

export const notAuthenticated = (object: MoRef): VimFault =>
  new VimFault("NotAuthenticated", "The session is not authenticated.", { object: mor(object), privilegeId: str("System.View") });

export const methodNotFound = (receiver: MoRef, method: string): VimFault =>
  new VimFault("MethodNotFound", `The method "${method}" is not implemented by vdsim for ${receiver.type}.`, { receiver: mor(receiver), method: str(method) });

export const invalidProperty = (name: string): VimFault => new VimFault("InvalidProperty", `The property "${name}" is not known.`, { name: str(name) });

export const invalidRequest = (message: string): VimFault => new VimFault("InvalidRequest", message);

export const invalidArgument = (property: string, message = `A specified parameter was not correct: ${property}`): VimFault =>
  new VimFault("InvalidArgument", message, { invalidProperty: str(property) });

export const managedObjectNotFound = (obj: MoRef): VimFault =>
  new VimFault("ManagedObjectNotFound", `The object '${obj.type}:${obj.value}' has already been deleted or has not been completely created`, { obj: mor(obj) });
