import { invalidArgument } from "../soap/faults.js";
import { readBoolean, readMoRef, readString } from "../soap/decode.js";
import { array, bool, data, mor, str, strings, type MoRef, type VimValue } from "../soap/values.js";
import { child, childrenNamed, xsiType, type XmlElement } from "../soap/xml-tree.js";

export interface PropertySpec {
  readonly type: string;
  readonly all: boolean;
  readonly pathSet: readonly string[];
}

/** A TraversalSpec, or a SelectionSpec naming one defined elsewhere in the same filter spec. */
export type Selection =
  | { readonly kind: "reference"; readonly name: string }
  | {
      readonly kind: "traversal";
      readonly name: string | undefined;
      readonly type: string;
      readonly path: string;
      readonly skip: boolean;
      readonly selectSet: readonly Selection[];
    };

export type TraversalSpec = Extract<Selection, { kind: "traversal" }>;

export interface ObjectSpec {
  readonly obj: MoRef;
  readonly skip: boolean;
  readonly selectSet: readonly Selection[];
}

export interface PropertyFilterSpec {
  readonly propSet: readonly PropertySpec[];
  readonly objectSet: readonly ObjectSpec[];
  readonly reportMissingObjectsInResults: boolean;
}

function required(e: XmlElement, name: string, where: string): XmlElement {
  const c = child(e, name);
  if (!c) throw invalidArgument(`${where}.${name}`, `${where} has no ${name}`);
  return c;
}

function optionalBoolean(e: XmlElement, name: string, dflt: boolean): boolean {
  const c = child(e, name);
  return c ? readBoolean(c) : dflt;
}

function readSelection(e: XmlElement): Selection {
  const type = xsiType(e);
  const name = child(e, "name")?.text;
  if (type === "TraversalSpec" || child(e, "path") !== undefined) {
    return {
      kind: "traversal",
      name,
      type: readString(required(e, "type", "TraversalSpec")),
      path: readString(required(e, "path", "TraversalSpec")),
      skip: optionalBoolean(e, "skip", false),
      selectSet: childrenNamed(e, "selectSet").map(readSelection),
    };
  }
  if (name === undefined) throw invalidArgument("selectSet.name", "a SelectionSpec names the TraversalSpec it selects");
  return { kind: "reference", name };
}

/** Reads a PropertyFilterSpec argument (specSet of RetrieveProperties/RetrievePropertiesEx, spec of CreateFilter). */
export function readFilterSpec(e: XmlElement): PropertyFilterSpec {
  const propSet = childrenNamed(e, "propSet").map((p) => ({
    type: readString(required(p, "type", "PropertySpec")),
    all: optionalBoolean(p, "all", false),
    pathSet: childrenNamed(p, "pathSet").map(readString),
  }));
  const objectSet = childrenNamed(e, "objectSet").map((o) => ({
    obj: readMoRef(required(o, "obj", "ObjectSpec")),
    skip: optionalBoolean(o, "skip", false),
    selectSet: childrenNamed(o, "selectSet").map(readSelection),
  }));
  return { propSet, objectSet, reportMissingObjectsInResults: optionalBoolean(e, "reportMissingObjectsInResults", false) };
}

function selectionValue(s: Selection): VimValue {
  if (s.kind === "reference") return data("SelectionSpec", { name: str(s.name) });
  return data("TraversalSpec", {
    name: s.name === undefined ? undefined : str(s.name),
    type: str(s.type),
    path: str(s.path),
    skip: bool(s.skip),
    selectSet: array("SelectionSpec", s.selectSet.map(selectionValue)),
  });
}

/** A filter spec as the wire shows it again (PropertyFilter.spec). */
export function filterSpecValue(spec: PropertyFilterSpec): VimValue {
  return data("PropertyFilterSpec", {
    propSet: array(
      "PropertySpec",
      spec.propSet.map((p) => data("PropertySpec", { type: str(p.type), all: bool(p.all), pathSet: strings(p.pathSet) })),
    ),
    objectSet: array(
      "ObjectSpec",
      spec.objectSet.map((o) => data("ObjectSpec", { obj: mor(o.obj), skip: bool(o.skip), selectSet: array("SelectionSpec", o.selectSet.map(selectionValue)) })),
    ),
    reportMissingObjectsInResults: bool(spec.reportMissingObjectsInResults),
  });
}
