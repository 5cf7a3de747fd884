import { stringify } from "csv-stringify/sync";
import { XMLBuilder } from "fast-xml-parser";
import type { EsxcliFormatter, HostCliOutput } from "../request.js";
import { esxcliTable, failed, ok, type Cell } from "./format.js";
import { isStringList, isStructure, isStructureList, type EsxcliAnswer, type EsxcliField, type EsxcliList, type EsxcliStructure, type EsxcliValue } from "./structured.js";

/** Prints an esxcli answer in the default layout or with the formatter asked for. */
export function formatEsxcli(answer: EsxcliAnswer, formatter?: EsxcliFormatter): HostCliOutput {
  if (answer.kind === "failed") return failed(answer.message);
  switch (formatter) {
    case undefined:
      return ok(defaultText(answer));
    case "csv":
      return answer.kind === "list"
        ? ok(csv(answer.fieldNames, answer.structures))
        : ok(csv(answer.structure.fields.map((f) => f.name), [answer.structure]));
    case "keyvalue": {
      const lines = answer.kind === "list" ? keyValueLines("", { typeName: answer.typeName, items: answer.structures }) : structureLines("", answer.structure);
      return ok(lines.join(""));
    }
    case "xml":
      return ok(xml(answer));
  }
}

// ---- the default text: blocks, tables and "   Key: value" lines, as esxcli prints them

const shown = (field: EsxcliField): string => {
  const v = field.value;
  if (isStructureList(v) || isStructure(v)) return "";
  const text = isStringList(v) ? v.join(", ") : String(v);
  return field.unit === undefined ? text : `${text} ${field.unit}`;
};

function block(s: EsxcliStructure): string {
  const title = s.fields[0] === undefined ? "" : shown(s.fields[0]);
  return `${[title, ...fieldLines(s.fields)].join("\n")}\n`;
}

/** "   Key: value" lines; a nested structure's fields follow their field, indented by nine spaces. */
function fieldLines(fields: readonly EsxcliField[]): string[] {
  const nested = (s: EsxcliStructure): string => s.fields.map((f) => `         ${f.name}: ${shown(f)}`.trimEnd()).join("\n");
  const lines: string[] = [];
  for (const field of fields) {
    lines.push(`   ${field.name}: ${shown(field)}`.trimEnd());
    if (isStructureList(field.value) && field.value.items.length > 0) lines.push(field.value.items.map(nested).join("\n\n"));
    if (isStructure(field.value)) lines.push(nested(field.value));
  }
  return lines;
}

const cell = (field: EsxcliField | undefined): Cell => {
  if (field === undefined) return "";
  const v = field.value;
  return (typeof v === "number" || typeof v === "boolean") && field.unit === undefined ? v : shown(field);
};

function defaultText(answer: EsxcliList | { kind: "get"; structure: EsxcliStructure }): string {
  if (answer.kind === "get") return `${fieldLines(answer.structure.fields).join("\n")}\n`;
  if (answer.layout === "blocks") return answer.structures.map(block).join("\n");
  if (answer.layout === "untitled") return answer.structures.map((s) => `${fieldLines(s.fields).join("\n")}\n`).join("\n");
  const rows = answer.structures.map((s) => answer.fieldNames.map((name) => cell(s.fields.find((f) => f.name === name))));
  // an integer column is right-aligned, with its unit too ("1187 sec")
  const integers = answer.fieldNames.flatMap((name, c) =>
    answer.structures.length > 0 && answer.structures.every((s) => typeof s.fields.find((f) => f.name === name)?.value === "number") ? [c] : [],
  );
  return esxcliTable(answer.fieldNames, rows, integers);
}

// ---- csv, keyvalue and xml: the field names without spaces, in byte order, as ESXi sorts them

/** "Used Ports" -> "UsedPorts" */
export const keyOf = (name: string): string => name.replace(/ /g, "");

const byKey = (a: EsxcliField, b: EsxcliField): number => (keyOf(a.name) < keyOf(b.name) ? -1 : keyOf(a.name) > keyOf(b.name) ? 1 : 0);
const sorted = (s: EsxcliStructure): EsxcliField[] => [...s.fields].sort(byKey);
const scalarType = (v: string | number | boolean): string => (typeof v === "number" ? "integer" : typeof v === "boolean" ? "boolean" : "string");

/**
 * `esxcli --formatter=csv`: a header of the field names, a row per structure, each line ending
 * in a comma (captures of portgroup list: "ActiveClients,Name,VLANID,VirtualSwitch,"). A list
 * of strings is one cell, its items joined by commas and the cell quoted.
 */
function csv(fieldNames: readonly string[], structures: readonly EsxcliStructure[]): string {
  const keys = [...fieldNames].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const csvCell = (field: EsxcliField | undefined): string => {
    if (field === undefined || isStructureList(field.value) || isStructure(field.value)) return "";
    return isStringList(field.value) ? field.value.join(",") : String(field.value);
  };
  const rows = structures.map((s) => [...keys.map((name) => csvCell(s.fields.find((f) => f.name === name))), ""]);
  return stringify([[...keys.map(keyOf), ""], ...rows], { record_delimiter: "\n" });
}

/**
 * `esxcli --formatter=keyvalue`: one `Type.Field.type=value` line per value, in ESXi's spelling
 * (a capture of `network vswitch standard list`): `structure[0].VirtualSwitch.MTU.integer=1500`,
 * `structure[0].VirtualSwitch.Uplinks.string[0].string=vmnic0`, and for an empty list
 * `structure[1].VirtualSwitch.Uplinks.string[] = `. A get's structure has no `structure[N].` prefix.
 */
function structureLines(prefix: string, s: EsxcliStructure): string[] {
  return sorted(s).flatMap((field) => valueLines(`${prefix}${s.typeName}.${keyOf(field.name)}.`, field.value));
}

function keyValueLines(prefix: string, nested: { typeName: string; items: readonly EsxcliStructure[] }): string[] {
  if (nested.items.length === 0) return [`${prefix}structure[] = \n`];
  return nested.items.flatMap((item, i) => structureLines(`${prefix}structure[${i}].`, item));
}

function valueLines(prefix: string, v: EsxcliValue): string[] {
  if (isStructureList(v)) return keyValueLines(prefix, v);
  if (isStructure(v)) return structureLines(prefix, v);
  if (isStringList(v)) return v.length === 0 ? [`${prefix}string[] = \n`] : v.map((item, i) => `${prefix}string[${i}].string=${item}\n`);
  return [`${prefix}${scalarType(v)}=${String(v)}\n`];
}

/**
 * `esxcli --formatter=xml`, as ESXi prints it (captures of `network nic list` and `nic get`):
 * the declaration, `<output xmlns="http://www.vmware.com/Products/ESX/5.0/esxcli">` and `<root>`
 * unindented, then the list (or a get's single structure) indented by three spaces a level,
 * `<field name="...">` around one `<string>`, `<integer>`, `<boolean>` or `<list type="...">`.
 */
type XmlNode = { readonly [tag: string]: XmlNode[] | Readonly<Record<string, string>> } | { readonly "#text": string };

const XML = new XMLBuilder({ preserveOrder: true, format: true, indentBy: "   ", ignoreAttributes: false, suppressEmptyNode: false });
const text = (t: string): XmlNode[] => [{ "#text": t }];

function xmlValue(v: EsxcliValue): XmlNode {
  if (isStructure(v)) return xmlStructure(v);
  if (isStructureList(v)) return { list: v.items.map(xmlStructure), ":@": { "@_type": "structure" } };
  if (isStringList(v)) return { list: v.map((item) => ({ string: text(item) })), ":@": { "@_type": "string" } };
  return { [scalarType(v)]: text(String(v)) };
}

function xmlStructure(s: EsxcliStructure): XmlNode {
  const fields = sorted(s).map((f): XmlNode => ({ field: [xmlValue(f.value)], ":@": { "@_name": keyOf(f.name) } }));
  return { structure: fields, ":@": { "@_typeName": s.typeName } };
}

function xml(answer: EsxcliList | { kind: "get"; structure: EsxcliStructure }): string {
  const body = answer.kind === "list" ? xmlValue({ typeName: answer.typeName, items: answer.structures }) : xmlStructure(answer.structure);
  const root = String(XML.build([{ root: [body] }])).replace(/^\n/, "");
  return `<?xml version="1.0" encoding="utf-8"?>\n<output xmlns="http://www.vmware.com/Products/ESX/5.0/esxcli">\n${root}\n</output>\n`;
}
