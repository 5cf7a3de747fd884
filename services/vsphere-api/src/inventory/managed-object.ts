import type { MoRef, VimValue } from "../soap/values.js";

/** A server-side object as the property collector sees it: its reference and its properties' values. */
export interface ManagedObject {
  readonly ref: MoRef;
  /** an undefined value is a property of the type that is unset */
  readonly props: Readonly<Record<string, VimValue | undefined>>;
}

/** Where the property collector finds objects by reference; what it does not find is ManagedObjectNotFound. */
export interface ObjectSource {
  get(ref: MoRef): ManagedObject | undefined;
}

/** A set of managed objects keyed by reference value (vCenter's ids are unique across types). */
export class ObjectMap implements ObjectSource {
  readonly #objects = new Map<string, ManagedObject>();

  add(object: ManagedObject): void {
    this.#objects.set(object.ref.value, object);
  }

  get(ref: MoRef): ManagedObject | undefined {
    const o = this.#objects.get(ref.value);
    return o && o.ref.type === ref.type ? o : undefined;
  }

  values(): IterableIterator<ManagedObject> {
    return this.#objects.values();
  }
}

/** One source in front of another: the session's own objects (its views, its SessionManager) over the inventory. */
export function overlay(front: ObjectSource, back: ObjectSource): ObjectSource {
  return { get: (ref) => front.get(ref) ?? back.get(ref) };
}
