/**
 * What an esxcli list or get command answers, before it is printed: esxcli's own output model.
 * A structure has a type name (VirtualSwitch, Nic, ...) and ordered, typed fields named as the
 * default output shows them ("Used Ports"); `--formatter=csv|keyvalue|xml` prints the same
 * structures with the names' spaces removed ("UsedPorts"). See ./formatter.ts for the layouts.
 */

/**
 * A field's value: string, integer, boolean, a list of strings, a list of nested structures (a dvs
 * list's DVPort), or one nested structure (nic get's Driver Info).
 */
export type EsxcliValue = string | number | boolean | readonly string[] | EsxcliStructureList | EsxcliStructure;

/** Nested structures, typed even when there are none. */
export interface EsxcliStructureList {
  readonly typeName: string;
  readonly items: readonly EsxcliStructure[];
}

export interface EsxcliField {
  /** as the default output prints it: "Used Ports" */
  readonly name: string;
  readonly value: EsxcliValue;
  /** what the default output prints after the value ("Kbps"); the other formatters print the bare integer */
  readonly unit?: string;
}

export interface EsxcliStructure {
  readonly typeName: string;
  readonly fields: readonly EsxcliField[];
}

/**
 * How the default output lays out a list: a block per structure (its first field's value as the
 * title, then "   Key: value" lines), the same blocks without the title (vm port list), or a
 * table with a column per field.
 */
export type EsxcliListLayout = "blocks" | "untitled" | "table";

/** A list command's answer; `fieldNames` name the columns even when the list is empty. */
export interface EsxcliList {
  readonly kind: "list";
  readonly typeName: string;
  readonly layout: EsxcliListLayout;
  readonly fieldNames: readonly string[];
  readonly structures: readonly EsxcliStructure[];
}

/** A get command's answer: one structure, printed as "   Key: value" lines. */
export interface EsxcliGet {
  readonly kind: "get";
  readonly structure: EsxcliStructure;
}

/** A query the host cannot answer: printed as the message, exit 1, whatever the formatter. */
export interface EsxcliFailure {
  readonly kind: "failed";
  readonly message: string;
}

export type EsxcliAnswer = EsxcliList | EsxcliGet | EsxcliFailure;

/** A field as `[name, value]` or `[name, value, unit]`, the shorthand renderers write. */
export type FieldEntry = readonly [string, EsxcliValue] | readonly [string, EsxcliValue, string];

export function structure(typeName: string, entries: readonly FieldEntry[]): EsxcliStructure {
  return {
    typeName,
    fields: entries.map(([name, value, unit]) => (unit === undefined ? { name, value } : { name, value, unit })),
  };
}

/** A list of structures of one type; the field names come from the type's field list. */
export function list(typeName: string, layout: EsxcliListLayout, fieldNames: readonly string[], structures: readonly EsxcliStructure[]): EsxcliList {
  return { kind: "list", typeName, layout, fieldNames, structures };
}

export const get = (s: EsxcliStructure): EsxcliGet => ({ kind: "get", structure: s });

export const unable = (message: string): EsxcliFailure => ({ kind: "failed", message });

export const isStructureList = (v: EsxcliValue): v is EsxcliStructureList => typeof v === "object" && !Array.isArray(v) && "items" in v;

export const isStructure = (v: EsxcliValue): v is EsxcliStructure => typeof v === "object" && !Array.isArray(v) && "fields" in v;

export const isStringList = (v: EsxcliValue): v is readonly string[] => Array.isArray(v);
