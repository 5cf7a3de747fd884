import { invalidArgument } from "../soap/faults.js";
import type { MoRef } from "../soap/values.js";
import { child, childrenNamed, xsiType, type XmlElement } from "../soap/xml-tree.js";

/**
 * Typed reads of the fields of a data object in a request (a DVSCreateSpec, a port setting). Each
 * takes the path of the field as the client wrote it ("spec.configSpec.maxMtu"), so a bad value is
 * InvalidArgument naming that property.
 */
export interface Field {
  readonly e: XmlElement;
  readonly path: string;
}

export const field = (e: XmlElement, path: string): Field => ({ e, path });

export function sub(f: Field, name: string): Field | undefined {
  const e = child(f.e, name);
  return e && { e, path: `${f.path}.${name}` };
}

export function subs(f: Field, name: string): Field[] {
  return childrenNamed(f.e, name).map((e, i) => ({ e, path: `${f.path}.${name}[${i}]` }));
}

export const typeOf = (f: Field): string | undefined => xsiType(f.e);

export function text(f: Field | undefined): string | undefined {
  return f?.e.text.trim();
}

export function int(f: Field | undefined): number | undefined {
  if (!f) return undefined;
  const t = f.e.text.trim();
  const n = Number(t);
  if (t === "" || !Number.isInteger(n)) throw invalidArgument(f.path, `${f.path} is not an integer: "${t}"`);
  return n;
}

export function bool(f: Field | undefined): boolean | undefined {
  if (!f) return undefined;
  const t = f.e.text.trim();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw invalidArgument(f.path, `${f.path} is not a boolean: "${t}"`);
}

export function moRef(f: Field | undefined): MoRef | undefined {
  if (!f) return undefined;
  const type = f.e.attrs["type"];
  const value = f.e.text.trim();
  if (!type || value === "") throw invalidArgument(f.path, `${f.path} is not a managed object reference`);
  return { type, value };
}

/** A BoolPolicy's, LongPolicy's or StringPolicy's value (an InheritablePolicy: `inherited` and `value`). */
export const policyValue = (f: Field | undefined): Field | undefined => (f ? sub(f, "value") : undefined);
