import { randomUUID } from "node:crypto";
import { bool, mor, mors, strings, type MoRef, type VimValue } from "../soap/values.js";
import { isA } from "../inventory/schema.js";
import type { ManagedObject, ObjectSource } from "../inventory/managed-object.js";

interface ContainerViewSpec {
  readonly ref: MoRef;
  readonly container: MoRef;
  readonly types: readonly string[];
  readonly recursive: boolean;
}

const refsOf = (v: VimValue | undefined): MoRef[] => {
  if (v?.kind === "mor") return [v.ref];
  if (v?.kind === "array") return v.items.flatMap((i) => (i.kind === "mor" ? [i.ref] : []));
  return [];
};

/** The entities directly inside one, as a container view walks the inventory. */
function childrenOf(o: ManagedObject): MoRef[] {
  const t = o.ref.type;
  if (isA(t, "Folder")) return refsOf(o.props["childEntity"]);
  if (isA(t, "Datacenter")) return ["vmFolder", "hostFolder", "datastoreFolder", "networkFolder"].flatMap((p) => refsOf(o.props[p]));
  if (isA(t, "ComputeResource")) return [...refsOf(o.props["host"]), ...refsOf(o.props["resourcePool"])];
  if (isA(t, "ResourcePool")) return [...refsOf(o.props["resourcePool"]), ...refsOf(o.props["vm"])];
  return [];
}

/** What a container view holds now: the container's (recursive: descendant) entities of the view's types. */
function viewContent(spec: ContainerViewSpec, source: ObjectSource): MoRef[] {
  const root = source.get(spec.container);
  if (!root) return [];
  const found = new Map<string, MoRef>();
  const seen = new Set<string>([root.ref.value]);
  const queue: ManagedObject[] = [root];
  while (queue.length > 0) {
    const o = queue.shift()!;
    for (const ref of childrenOf(o)) {
      if (seen.has(ref.value)) continue;
      seen.add(ref.value);
      if (spec.types.length === 0 || spec.types.some((t) => isA(ref.type, t))) found.set(ref.value, ref);
      const next = source.get(ref);
      if (next && spec.recursive) queue.push(next);
    }
  }
  return [...found.values()];
}

/** One session's container views (ViewManager.CreateContainerView), their `view` computed when read. */
export class ViewStore {
  readonly #views = new Map<string, ContainerViewSpec>();

  constructor(private readonly sessionKey: string) {}

  create(container: MoRef, types: readonly string[], recursive: boolean): MoRef {
    const ref = { type: "ContainerView", value: `session[${this.sessionKey}]${randomUUID()}` };
    this.#views.set(ref.value, { ref, container, types, recursive });
    return ref;
  }

  destroy(ref: MoRef): boolean {
    return this.#views.delete(ref.value);
  }

  get size(): number {
    return this.#views.size;
  }

  refs(): MoRef[] {
    return [...this.#views.values()].map((v) => v.ref);
  }

  /** The session's views as managed objects over the inventory they look into. */
  source(inventory: ObjectSource): ObjectSource {
    return {
      get: (ref) => {
        const spec = ref.type === "ContainerView" ? this.#views.get(ref.value) : undefined;
        if (!spec) return undefined;
        return {
          ref: spec.ref,
          props: { container: mor(spec.container), type: strings(spec.types), recursive: bool(spec.recursive), view: mors(viewContent(spec, inventory)) },
        };
      },
    };
  }
}
