import type { SessionObject } from "../api/session-objects.js";
import type { ObjectSource } from "../inventory/managed-object.js";
import { mors, type MoRef, type VimValue } from "../soap/values.js";

/** A ListView: the objects a client listed (CreateListView, ModifyListView, ResetListView). */
export class ListViewObject implements SessionObject {
  #refs: MoRef[] = [];

  constructor(
    readonly ref: MoRef,
    private readonly source: () => ObjectSource,
  ) {}

  props(): Readonly<Record<string, VimValue | undefined>> {
    // an object deleted since it was listed drops out of the view, as vCenter's
    const source = this.source();
    return { view: mors(this.#refs.filter((r) => source.get(r) !== undefined)) };
  }

  /** Adds what exists and removes what is named; returns the references that name no object. */
  modify(add: readonly MoRef[], remove: readonly MoRef[]): MoRef[] {
    const source = this.source();
    const unresolved: MoRef[] = [];
    for (const r of add) {
      if (!source.get(r)) unresolved.push(r);
      else if (!this.#refs.some((x) => x.value === r.value && x.type === r.type)) this.#refs.push(r);
    }
    this.#refs = this.#refs.filter((x) => !remove.some((r) => r.value === x.value && r.type === x.type));
    return unresolved;
  }

  reset(refs: readonly MoRef[]): MoRef[] {
    this.#refs = [];
    return this.modify(refs, []);
  }
}

export const isListView = (o: SessionObject): o is ListViewObject => o instanceof ListViewObject;
