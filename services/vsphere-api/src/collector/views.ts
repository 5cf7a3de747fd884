import type { SessionObject } from "../api/session-objects.js";
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

/** A ContainerView (ViewManager.CreateContainerView): a session object whose `view` is computed when read. */
export class ContainerViewObject implements SessionObject {
  constructor(
    readonly ref: MoRef,
    readonly spec: Omit<ContainerViewSpec, "ref">,
    /** where the container and what it holds are found (the session's source, read each time) */
    private readonly source: () => ObjectSource,
  ) {}

  props(): Readonly<Record<string, VimValue | undefined>> {
    const { container, types, recursive } = this.spec;
    return { container: mor(container), type: strings(types), recursive: bool(recursive), view: mors(viewContent({ ref: this.ref, ...this.spec }, this.source())) };
  }
}

export const isContainerView = (o: SessionObject): o is ContainerViewObject => o instanceof ContainerViewObject;
