import type { ApiDeps, Call, MethodTable } from "../api/method.js";
import { REFS } from "../inventory/refs.js";
import { arg, args, optional, readBoolean, readInt, readMoRef, readString, requiredArg } from "../soap/decode.js";
import { VimFault, invalidArgument, managedObjectNotFound } from "../soap/faults.js";
import { anyType, array, bool, data, enumValue, mor, mors, str, type MoRef, type VimValue } from "../soap/values.js";
import { child } from "../soap/xml-tree.js";
import { CollectorState, PropertyFilterObject, isCollector, isFilter } from "./collector-state.js";
import { ListViewObject, isListView } from "./list-views.js";
import { retrieveContents } from "./retrieve.js";
import { readFilterSpec } from "./specs.js";
import type { ObjectUpdate } from "./watch.js";

/** WaitForUpdates (no Ex) waits at most this long before answering with what it has (nothing: it waits again). */
const LONGEST_WAIT_MS = 15 * 60_000;

/** The collector a call is on: the session's view of the service's own, or one it made; else ManagedObjectNotFound. */
function collectorOf(c: Call): CollectorState {
  const found = c.session.objects.find(c.req.this, isCollector);
  if (found) return found;
  if (c.req.this.type === REFS.propertyCollector.type && c.req.this.value === REFS.propertyCollector.value) {
    const own = new CollectorState(REFS.propertyCollector, c.session.objects);
    c.session.objects.add(own);
    return own;
  }
  throw managedObjectNotFound(c.req.this);
}

function updateValue(u: ObjectUpdate): VimValue {
  return data("ObjectUpdate", {
    kind: enumValue("ObjectUpdateKind", u.kind),
    obj: mor(u.obj),
    changeSet: array(
      "PropertyChange",
      u.changeSet.map((ch) => data("PropertyChange", { name: str(ch.name), op: enumValue("PropertyChangeOp", ch.op), val: ch.val && anyType(ch.val) })),
    ),
  });
}

interface WaitRequest {
  /** the version the client last got; undefined or "": from nothing */
  readonly version: string | undefined;
  /** undefined: until there is something; 0: answer at once */
  readonly maxWaitMs: number | undefined;
  readonly maxObjectUpdates: number | undefined;
}

/**
 * One wait for updates: what every filter of the collector reports since the version given, as
 * soon as there is something (or none once the wait is over). Each change the service sees
 * bumps the change signal; the filters then compare what they reported with what is there.
 */
async function waitForUpdates(deps: Pick<ApiDeps, "changes">, c: Call, collector: CollectorState, w: WaitRequest): Promise<{ set: VimValue | undefined; canceled: boolean }> {
  if (w.version === undefined || w.version === "") for (const f of collector.filters.values()) f.state.reset();
  else if (w.version !== String(collector.version)) {
    throw new VimFault("InvalidCollectorVersion", `The version "${w.version}" is not the last one this collector gave ("${collector.version}").`);
  }
  const ac = collector.beginWait();
  const onGone = (): void => ac.abort();
  c.signal.addEventListener("abort", onGone, { once: true });
  const deadline = Date.now() + (w.maxWaitMs ?? LONGEST_WAIT_MS);
  try {
    for (;;) {
      const seen = deps.changes.version;
      const source = c.sourceNow();
      let budget = w.maxObjectUpdates ?? Number.POSITIVE_INFINITY;
      let truncated = false;
      const filterSet: VimValue[] = [];
      for (const f of collector.filters.values()) {
        if (budget <= 0) {
          truncated = true;
          break;
        }
        const d = f.state.diff(source, budget);
        truncated ||= d.truncated;
        budget -= d.updates.length;
        if (d.updates.length > 0) filterSet.push(data("PropertyFilterUpdate", { filter: mor(f.ref), objectSet: array("ObjectUpdate", d.updates.map(updateValue)) }));
      }
      if (filterSet.length > 0) {
        collector.version++;
        return { set: data("UpdateSet", { version: str(String(collector.version)), filterSet: array("PropertyFilterUpdate", filterSet), truncated: truncated ? bool(true) : undefined }), canceled: false };
      }
      const left = deadline - Date.now();
      if (ac.signal.aborted) return { set: undefined, canceled: true };
      if (left <= 0) return { set: undefined, canceled: false };
      await deps.changes.after(seen, left, ac.signal);
    }
  } finally {
    c.signal.removeEventListener("abort", onGone);
    collector.endWait(ac);
  }
}

function waitOptions(c: Call): Pick<WaitRequest, "maxWaitMs" | "maxObjectUpdates"> {
  const options = arg(c.req, "options");
  const maxWait = optional(options && child(options, "maxWaitSeconds"), readInt);
  const maxObjects = optional(options && child(options, "maxObjectUpdates"), readInt);
  if (maxWait !== undefined && maxWait < 0) throw invalidArgument("options.maxWaitSeconds", "maxWaitSeconds must not be negative");
  if (maxObjects !== undefined && maxObjects <= 0) throw invalidArgument("options.maxObjectUpdates", "maxObjectUpdates must be positive");
  return { maxWaitMs: maxWait === undefined ? undefined : maxWait * 1000, maxObjectUpdates: maxObjects };
}

const versionArg = (c: Call): string | undefined => optional(arg(c.req, "version"), readString);

function refsArg(c: Call, name: string): MoRef[] {
  return args(c.req, name).map(readMoRef);
}

function listViewOf(c: Call): ListViewObject {
  const v = c.session.objects.find(c.req.this, isListView);
  if (!v) throw managedObjectNotFound(c.req.this);
  return v;
}

function newListView(c: Call, refs: readonly MoRef[]): MoRef {
  const view = new ListViewObject(c.session.objects.newRef("ListView"), c.sourceNow);
  view.reset(refs);
  return c.session.objects.add(view);
}

/**
 * PropertyCollector watching (CreateFilter, WaitForUpdates(Ex), CheckForUpdates,
 * CancelWaitForUpdates, CreatePropertyCollector) and ListViews.
 */
export function watchMethods(deps: Pick<ApiDeps, "changes">): MethodTable {
  return {
    CreateFilter: {
      receiver: "PropertyCollector",
      run: (c) => {
        const collector = collectorOf(c);
        const spec = readFilterSpec(requiredArg(c.req, "spec"));
        // a path the types do not have is InvalidProperty now, as vCenter's CreateFilter
        retrieveContents([{ ...spec, reportMissingObjectsInResults: true }], c.source);
        const partialUpdates = optional(arg(c.req, "partialUpdates"), readBoolean) ?? false;
        const filter = new PropertyFilterObject(c.session.objects.newRef("PropertyFilter"), spec, partialUpdates, collector);
        collector.filters.set(filter.ref.value, filter);
        return mor(c.session.objects.add(filter));
      },
    },
    DestroyPropertyFilter: {
      receiver: "PropertyFilter",
      run: (c) => {
        if (!c.session.objects.find(c.req.this, isFilter)) throw managedObjectNotFound(c.req.this);
        c.session.objects.remove(c.req.this);
        return undefined;
      },
    },
    WaitForUpdatesEx: {
      receiver: "PropertyCollector",
      run: async (c) => (await waitForUpdates(deps, c, collectorOf(c), { version: versionArg(c), ...waitOptions(c) })).set,
    },
    CheckForUpdates: {
      receiver: "PropertyCollector",
      run: async (c) => (await waitForUpdates(deps, c, collectorOf(c), { version: versionArg(c), maxWaitMs: 0, maxObjectUpdates: undefined })).set,
    },
    WaitForUpdates: {
      receiver: "PropertyCollector",
      run: async (c) => {
        const collector = collectorOf(c);
        for (let version = versionArg(c); ; version = String(collector.version)) {
          const { set, canceled } = await waitForUpdates(deps, c, collector, { version, maxWaitMs: undefined, maxObjectUpdates: undefined });
          if (set) return set;
          if (canceled) throw new VimFault("RequestCanceled", "The wait for updates was canceled.");
        }
      },
    },
    CancelWaitForUpdates: {
      receiver: "PropertyCollector",
      run: (c) => {
        collectorOf(c).cancelWait();
        return undefined;
      },
    },
    CreatePropertyCollector: {
      receiver: "PropertyCollector",
      run: (c) => {
        collectorOf(c);
        const made = new CollectorState(c.session.objects.newRef("PropertyCollector"), c.session.objects);
        return mor(c.session.objects.add(made));
      },
    },
    DestroyPropertyCollector: {
      receiver: "PropertyCollector",
      run: (c) => {
        if (c.req.this.value === REFS.propertyCollector.value) throw new VimFault("NotSupported", "The service's own property collector cannot be destroyed.");
        if (!c.session.objects.find(c.req.this, isCollector)) throw managedObjectNotFound(c.req.this);
        c.session.objects.remove(c.req.this);
        return undefined;
      },
    },
    CreateListView: { receiver: "ViewManager", run: (c) => mor(newListView(c, refsArg(c, "obj"))) },
    CreateListViewFromView: {
      receiver: "ViewManager",
      run: (c) => {
        const view = readMoRef(requiredArg(c.req, "view"));
        const found = c.source.get(view);
        if (!found) throw managedObjectNotFound(view);
        const inside = found.props["view"];
        return mor(newListView(c, inside?.kind === "array" ? inside.items.flatMap((i) => (i.kind === "mor" ? [i.ref] : [])) : []));
      },
    },
    ModifyListView: { receiver: "ListView", run: (c) => mors(listViewOf(c).modify(refsArg(c, "add"), refsArg(c, "remove"))) },
    ResetListView: { receiver: "ListView", run: (c) => mors(listViewOf(c).reset(refsArg(c, "obj"))) },
    ResetListViewFromView: {
      receiver: "ListView",
      run: (c) => {
        const list = listViewOf(c);
        const view = readMoRef(requiredArg(c.req, "view"));
        const inside = c.source.get(view)?.props["view"];
        if (inside === undefined) throw managedObjectNotFound(view);
        list.reset(inside.kind === "array" ? inside.items.flatMap((i) => (i.kind === "mor" ? [i.ref] : [])) : []);
        return undefined;
      },
    },
    DestroyView: {
      receiver: "ListView",
      run: (c) => {
        listViewOf(c);
        c.session.objects.remove(c.req.this);
        return undefined;
      },
    },
  };
}
