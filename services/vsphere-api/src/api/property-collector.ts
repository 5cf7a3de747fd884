import { objectContentValue, retrieveContents, type ObjectContent } from "../collector/retrieve.js";
import { readFilterSpec } from "../collector/specs.js";
import { arg, args, optional, readInt, readString, requiredArg } from "../soap/decode.js";
import type { SoapRequest } from "../soap/envelope.js";
import { invalidArgument } from "../soap/faults.js";
import { array, data, str, type VimValue } from "../soap/values.js";
import { child } from "../soap/xml-tree.js";
import type { ObjectSource } from "../inventory/managed-object.js";
import type { Session } from "./sessions.js";

/** What RetrievePropertiesEx answers when a client sets no maxObjects. */
const DEFAULT_MAX_OBJECTS = 100;
let nextToken = 1;

function specsOf(req: SoapRequest) {
  const specs = args(req, "specSet").map(readFilterSpec);
  if (specs.length === 0) throw invalidArgument("specSet", `${req.method} needs at least one PropertyFilterSpec`);
  return specs;
}

/** RetrieveProperties (pyVmomi's RetrieveContents): every object at once, one returnval each. */
export function retrieveProperties(req: SoapRequest, source: ObjectSource): VimValue {
  return array("ObjectContent", retrieveContents(specsOf(req), source).map(objectContentValue));
}

function page(session: Session, objects: ObjectContent[], max: number): VimValue | undefined {
  if (objects.length === 0) return undefined;
  const first = objects.slice(0, max);
  const rest = objects.slice(max);
  let token: string | undefined;
  if (rest.length > 0) {
    token = String(nextToken++);
    session.pages.set(token, { objects: rest, max });
  }
  return data("RetrieveResult", { token: token === undefined ? undefined : str(token), objects: array("ObjectContent", first.map(objectContentValue)) });
}

/** RetrievePropertiesEx: the first maxObjects objects, and a token for the rest; nothing at all when nothing matched. */
export function retrievePropertiesEx(req: SoapRequest, source: ObjectSource, session: Session): VimValue | undefined {
  const options = arg(req, "options");
  const max = optional(options && child(options, "maxObjects"), readInt) ?? DEFAULT_MAX_OBJECTS;
  if (max <= 0) throw invalidArgument("options.maxObjects", "maxObjects must be positive");
  return page(session, retrieveContents(specsOf(req), source), max);
}

function takeToken(req: SoapRequest, session: Session): { readonly objects: ObjectContent[]; readonly max: number } {
  const token = readString(requiredArg(req, "token"));
  const rest = session.pages.get(token);
  if (!rest) throw invalidArgument("token", `no retrieval in this session has the token "${token}"`);
  session.pages.delete(token);
  return rest;
}

/** ContinueRetrievePropertiesEx: the next page, as many objects as the first call's maxObjects. */
export function continueRetrievePropertiesEx(req: SoapRequest, session: Session): VimValue | undefined {
  const { objects, max } = takeToken(req, session);
  return page(session, objects, max);
}

export function cancelRetrievePropertiesEx(req: SoapRequest, session: Session): undefined {
  takeToken(req, session);
  return undefined;
}
