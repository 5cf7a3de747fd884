/** A managed object reference: the type and id of a server-side object (host-12, dvportgroup-34). */
export interface MoRef {
  readonly type: string;
  readonly value: string;
}

export type XsdType = "string" | "int" | "long" | "short" | "boolean" | "dateTime" | "double";

/**
 * A vim25 value as it goes on the wire. Every value knows its wire type, so a value read from any
 * property path can be written with the xsi:type pyVmomi needs to deserialize it.
 */
export type VimValue =
  | { readonly kind: "primitive"; readonly xsd: XsdType; readonly value: string }
  | { readonly kind: "enum"; readonly type: string; readonly value: string }
  | { readonly kind: "mor"; readonly ref: MoRef }
  | { readonly kind: "data"; readonly type: string; readonly props: Readonly<Record<string, VimValue | undefined>> }
  | { readonly kind: "array"; readonly itemType: string; readonly items: readonly VimValue[] }
  /** a value where the schema says xsd:anyType (DynamicProperty.val): written with its xsi:type */
  | { readonly kind: "any"; readonly value: VimValue };

export type DataValue = Extract<VimValue, { kind: "data" }>;

export const str = (value: string): VimValue => ({ kind: "primitive", xsd: "string", value });
export const int = (value: number): VimValue => ({ kind: "primitive", xsd: "int", value: String(Math.trunc(value)) });
export const long = (value: number): VimValue => ({ kind: "primitive", xsd: "long", value: String(Math.trunc(value)) });
export const bool = (value: boolean): VimValue => ({ kind: "primitive", xsd: "boolean", value: value ? "true" : "false" });
export const dateTime = (value: Date): VimValue => ({ kind: "primitive", xsd: "dateTime", value: value.toISOString() });
export const enumValue = (type: string, value: string): VimValue => ({ kind: "enum", type, value });
export const mor = (ref: MoRef): VimValue => ({ kind: "mor", ref });
export const moRef = (type: string, value: string): MoRef => ({ type, value });

/** A data object; properties left undefined are unset and not written. */
export const data = (type: string, props: Record<string, VimValue | undefined>): DataValue => ({ kind: "data", type, props });

/** An array of `itemType` ("string", "ManagedObjectReference", "VirtualDevice", ...). */
export const array = (itemType: string, items: readonly VimValue[]): VimValue => ({ kind: "array", itemType, items });
export const anyType = (value: VimValue): VimValue => ({ kind: "any", value });
export const strings = (items: readonly string[]): VimValue => array("string", items.map(str));
export const mors = (refs: readonly MoRef[]): VimValue => array("ManagedObjectReference", refs.map(mor));

/** The vim25 name of an array type: ArrayOfString, ArrayOfManagedObjectReference, ArrayOfVirtualDevice. */
export function arrayTypeName(itemType: string): string {
  return `ArrayOf${itemType.charAt(0).toUpperCase()}${itemType.slice(1)}`;
}

/** The value at a dotted path inside a value ("runtime.connectionState" below a host's props), or undefined. */
export function valueAt(root: VimValue | undefined, path: readonly string[]): VimValue | undefined {
  let v = root;
  for (const seg of path) {
    if (v?.kind !== "data") return undefined;
    v = v.props[seg];
  }
  return v;
}
