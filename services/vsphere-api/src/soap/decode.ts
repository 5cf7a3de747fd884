import { invalidArgument } from "./faults.js";
import type { SoapRequest } from "./envelope.js";
import type { MoRef } from "./values.js";
import type { XmlElement } from "./xml-tree.js";

/** Typed reads of a request's arguments and nested elements; a missing or wrong value is InvalidArgument naming it. */
export function args(req: SoapRequest, name: string): readonly XmlElement[] {
  return req.args.get(name) ?? [];
}

export function arg(req: SoapRequest, name: string): XmlElement | undefined {
  return req.args.get(name)?.[0];
}

export function requiredArg(req: SoapRequest, name: string): XmlElement {
  const e = arg(req, name);
  if (!e) throw invalidArgument(name, `${req.method} needs the argument "${name}"`);
  return e;
}

export function readString(e: XmlElement): string {
  return e.text;
}

export function readBoolean(e: XmlElement): boolean {
  const t = e.text.trim();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw invalidArgument(e.name, `"${e.name}" is not a boolean: "${t}"`);
}

export function readInt(e: XmlElement): number {
  const t = e.text.trim();
  const n = Number(t);
  if (t === "" || !Number.isInteger(n)) throw invalidArgument(e.name, `"${e.name}" is not an integer: "${t}"`);
  return n;
}

export function readMoRef(e: XmlElement): MoRef {
  const type = e.attrs["type"];
  const value = e.text.trim();
  if (!type || value === "") throw invalidArgument(e.name, `"${e.name}" is not a managed object reference`);
  return { type, value };
}

export function optional<T>(e: XmlElement | undefined, read: (e: XmlElement) => T): T | undefined {
  return e === undefined ? undefined : read(e);
}
