import { randomUUID } from "node:crypto";
import type { ManagedObject, ObjectSource } from "../inventory/managed-object.js";
import type { MoRef, VimValue } from "../soap/values.js";

/** A session's own server-side object: a property filter, a collector, a list view. */
export interface SessionObject {
  readonly ref: MoRef;
  /** its properties now (read on every retrieval, so they follow what the object holds) */
  props(): Readonly<Record<string, VimValue | undefined>>;
  /** called when the object is destroyed or its session ends */
  dispose?(): void;
}

/**
 * The objects a session made beside its container views (PropertyFilter, PropertyCollector,
 * ListView, EventHistoryCollector, TaskHistoryCollector): each lives until destroyed or until the
 * session ends, and is read through the property collector like any other.
 */
export class SessionObjects implements ObjectSource {
  readonly #objects = new Map<string, SessionObject>();

  constructor(private readonly sessionKey: string) {}

  /** A fresh reference of a type, unique to this session (vCenter's are session[key]uuid too). */
  newRef(type: string): MoRef {
    return { type, value: `session[${this.sessionKey}]${randomUUID()}` };
  }

  add(object: SessionObject): MoRef {
    this.#objects.set(object.ref.value, object);
    return object.ref;
  }

  /** The object itself (to call its methods), when it is this session's and of that type. */
  find<T extends SessionObject>(ref: MoRef, is: (o: SessionObject) => o is T): T | undefined {
    const o = this.#objects.get(ref.value);
    return o && o.ref.type === ref.type && is(o) ? o : undefined;
  }

  remove(ref: MoRef): boolean {
    const o = this.#objects.get(ref.value);
    if (!o || o.ref.type !== ref.type) return false;
    this.#objects.delete(ref.value);
    o.dispose?.();
    return true;
  }

  refsOf(type: string): MoRef[] {
    return [...this.#objects.values()].filter((o) => o.ref.type === type).map((o) => o.ref);
  }

  get(ref: MoRef): ManagedObject | undefined {
    const o = this.#objects.get(ref.value);
    return o && o.ref.type === ref.type ? { ref: o.ref, props: o.props() } : undefined;
  }

  disposeAll(): void {
    for (const o of this.#objects.values()) o.dispose?.();
    this.#objects.clear();
  }
}
