import { invalidProperty, managedObjectNotFound } from "../soap/faults.js";
import { array, data, mor, str, anyType, valueAt, type MoRef, type VimValue } from "../soap/values.js";
import { hasProperty, isA, propertiesOf } from "../inventory/schema.js";
import type { ManagedObject, ObjectSource } from "../inventory/managed-object.js";
import type { ObjectSpec, PropertyFilterSpec, PropertySpec, Selection, TraversalSpec } from "./specs.js";

/** One object's retrieved properties, in the order asked for. */
export interface ObjectContent {
  readonly obj: MoRef;
  readonly propSet: ReadonlyArray<{ readonly name: string; readonly val: VimValue }>;
}

/** The references a property holds: one, an array of them, or none. */
function refsIn(v: VimValue | undefined): MoRef[] {
  if (v?.kind === "mor") return [v.ref];
  if (v?.kind === "array") return v.items.flatMap((i) => (i.kind === "mor" ? [i.ref] : []));
  return [];
}

function namedTraversals(spec: PropertyFilterSpec): Map<string, TraversalSpec> {
  const named = new Map<string, TraversalSpec>();
  const visit = (s: Selection): void => {
    if (s.kind !== "traversal") return;
    if (s.name !== undefined && !named.has(s.name)) {
      named.set(s.name, s);
      s.selectSet.forEach(visit);
    } else if (s.name === undefined) s.selectSet.forEach(visit);
  };
  for (const o of spec.objectSet) o.selectSet.forEach(visit);
  return named;
}

/** The objects a filter spec selects: each ObjectSpec's object unless skipped, then what its traversals reach. */
export function selectObjects(spec: PropertyFilterSpec, source: ObjectSource): ManagedObject[] {
  const named = namedTraversals(spec);
  const selected = new Map<string, ManagedObject>();
  const walked = new Set<string>();
  const resolve = (s: Selection): TraversalSpec | undefined => (s.kind === "traversal" ? s : named.get(s.name));

  const walk = (obj: ManagedObject, selectSet: readonly Selection[]): void => {
    for (const sel of selectSet) {
      const t = resolve(sel);
      if (!t || !isA(obj.ref.type, t.type)) continue;
      const key = `${obj.ref.value}|${t.name ?? `${t.type}.${t.path}`}`;
      if (walked.has(key)) continue;
      walked.add(key);
      if (!hasProperty(obj.ref.type, t.path)) throw invalidProperty(t.path);
      for (const ref of refsIn(obj.props[t.path])) {
        const target = source.get(ref);
        if (!target) continue;
        if (!t.skip) selected.set(target.ref.value, target);
        walk(target, t.selectSet);
      }
    }
  };

  for (const o of spec.objectSet) walkObjectSpec(o);
  return [...selected.values()];

  function walkObjectSpec(o: ObjectSpec): void {
    const obj = source.get(o.obj);
    if (!obj) {
      if (spec.reportMissingObjectsInResults) return;
      throw managedObjectNotFound(o.obj);
    }
    if (!o.skip) selected.set(obj.ref.value, obj);
    walk(obj, o.selectSet);
  }
}

/** The properties of `obj` the specs of its type ask for; undefined when no spec is of its type. */
function contentOf(obj: ManagedObject, propSet: readonly PropertySpec[]): ObjectContent | undefined {
  const specs = propSet.filter((p) => isA(obj.ref.type, p.type));
  if (specs.length === 0) return undefined;
  const paths: string[] = [];
  for (const s of specs) {
    const wanted = s.all ? (propertiesOf(obj.ref.type) ?? []) : s.pathSet;
    for (const path of wanted) if (!paths.includes(path)) paths.push(path);
  }
  const props: Array<{ name: string; val: VimValue }> = [];
  for (const path of paths) {
    const segments = path.split(".");
    if (!hasProperty(obj.ref.type, segments[0]!)) throw invalidProperty(path);
    const val = valueAt(obj.props[segments[0]!], segments.slice(1));
    if (val !== undefined) props.push({ name: path, val });
  }
  return { obj: obj.ref, propSet: props };
}

/** RetrieveProperties: every object the filter specs select with the properties asked of its type. */
export function retrieveContents(specs: readonly PropertyFilterSpec[], source: ObjectSource): ObjectContent[] {
  const out = new Map<string, ObjectContent>();
  for (const spec of specs) {
    for (const obj of selectObjects(spec, source)) {
      const content = contentOf(obj, spec.propSet);
      if (!content) continue;
      const seen = out.get(obj.ref.value);
      out.set(obj.ref.value, seen ? { obj: seen.obj, propSet: [...seen.propSet, ...content.propSet.filter((p) => !seen.propSet.some((q) => q.name === p.name))] } : content);
    }
  }
  return [...out.values()];
}

export function objectContentValue(c: ObjectContent): VimValue {
  return data("ObjectContent", {
    obj: mor(c.obj),
    propSet: array("DynamicProperty", c.propSet.map((p) => data("DynamicProperty", { name: str(p.name), val: anyType(p.val) }))),
  });
}
