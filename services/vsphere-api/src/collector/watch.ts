import { retrieveContents, type ObjectContent } from "./retrieve.js";
import type { PropertyFilterSpec } from "./specs.js";
import type { ObjectSource } from "../inventory/managed-object.js";
import type { MoRef, VimValue } from "../soap/values.js";

export type ObjectUpdateKind = "enter" | "modify" | "leave";

/** One property's new value; `val` undefined: the property is unset now. */
export interface PropertyChange {
  readonly name: string;
  readonly op: "assign";
  readonly val: VimValue | undefined;
}

export interface ObjectUpdate {
  readonly kind: ObjectUpdateKind;
  readonly obj: MoRef;
  readonly changeSet: readonly PropertyChange[];
}

interface Reported {
  readonly obj: MoRef;
  /** each reported property path's value, written as a comparable key */
  readonly props: ReadonlyMap<string, string>;
}

const fingerprint = (v: VimValue): string => JSON.stringify(v);

/**
 * What a PropertyFilter last reported, and what changed since: each object that came into its
 * selection (enter, with every property asked), each that left it (leave), and each property
 * that took another value or was unset (modify). Comparing what is there with what was reported
 * makes every change visible, whatever caused it (an event of the log, a host's liveness, a task).
 */
export class FilterState {
  #reported = new Map<string, Reported>();

  constructor(readonly spec: PropertyFilterSpec) {}

  /** Forget what was reported: the next diff reports every object as entering (WaitForUpdates with no version). */
  reset(): void {
    this.#reported = new Map();
  }

  /**
   * The updates from what was reported to what `source` holds now, at most `max` objects; only
   * what is returned counts as reported (the rest comes in the next call).
   */
  diff(source: ObjectSource, max = Number.POSITIVE_INFINITY): { readonly updates: ObjectUpdate[]; readonly truncated: boolean } {
    // objects that vanished are reported as leaving, never as a fault of the whole filter
    const now = retrieveContents([{ ...this.spec, reportMissingObjectsInResults: true }], source);
    const current = new Map<string, ObjectContent>(now.map((c) => [c.obj.value, c]));
    const updates: ObjectUpdate[] = [];
    let truncated = false;
    const push = (u: ObjectUpdate, record: () => void): boolean => {
      if (updates.length >= max) {
        truncated = true;
        return false;
      }
      updates.push(u);
      record();
      return true;
    };
    for (const [value, content] of current) {
      const before = this.#reported.get(value);
      const props = new Map(content.propSet.map((p) => [p.name, fingerprint(p.val)]));
      if (!before) {
        const changeSet = content.propSet.map((p): PropertyChange => ({ name: p.name, op: "assign", val: p.val }));
        if (!push({ kind: "enter", obj: content.obj, changeSet }, () => this.#reported.set(value, { obj: content.obj, props }))) break;
        continue;
      }
      const changeSet: PropertyChange[] = [];
      for (const p of content.propSet) if (before.props.get(p.name) !== props.get(p.name)) changeSet.push({ name: p.name, op: "assign", val: p.val });
      for (const name of before.props.keys()) if (!props.has(name)) changeSet.push({ name, op: "assign", val: undefined });
      if (changeSet.length > 0 && !push({ kind: "modify", obj: content.obj, changeSet }, () => this.#reported.set(value, { obj: content.obj, props }))) break;
    }
    if (!truncated) {
      for (const [value, before] of this.#reported) {
        if (current.has(value)) continue;
        if (!push({ kind: "leave", obj: before.obj, changeSet: [] }, () => this.#reported.delete(value))) break;
      }
    }
    return { updates, truncated };
  }
}
