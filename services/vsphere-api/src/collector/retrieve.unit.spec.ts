import { describe, expect, it } from "vitest";
import { InventoryContext } from "../inventory/context.js";
import { buildInventory } from "../inventory/build-inventory.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { REFS } from "../inventory/refs.js";
import type { VimValue } from "../soap/values.js";
import { retrieveContents } from "./retrieve.js";
import type { PropertyFilterSpec, Selection } from "./specs.js";
import { ContainerViewObject } from "./views.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), (h) => (h === "esx-02" ? "notResponding" : "connected"), new Date("2026-12-03T08:00:00Z"));
const inventory = buildInventory(ctx);
const text = (v: VimValue | undefined): string | undefined => (v?.kind === "primitive" || v?.kind === "enum" ? v.value : undefined);

/** The traversal pyVmomi's community samples use to walk every folder down to the VMs and hosts. */
const t = (name: string, type: string, path: string, selectSet: Selection[] = []): Selection => ({ kind: "traversal", name, type, path, skip: false, selectSet });
const ref = (name: string): Selection => ({ kind: "reference", name });
const FOLDERS: Selection[] = [
  t("folderTraversal", "Folder", "childEntity", [ref("folderTraversal"), ref("dcToHf"), ref("dcToVmf"), ref("crToH")]),
  t("dcToHf", "Datacenter", "hostFolder", [ref("folderTraversal")]),
  t("dcToVmf", "Datacenter", "vmFolder", [ref("folderTraversal")]),
  t("crToH", "ComputeResource", "host"),
];

describe("the property collector over the folded inventory", () => {
  it("walks the folder tree with named traversal specs to every host and VM, reading dotted paths", () => {
    const spec: PropertyFilterSpec = {
      objectSet: [{ obj: REFS.rootFolder, skip: false, selectSet: FOLDERS }],
      propSet: [
        { type: "HostSystem", all: false, pathSet: ["name", "runtime.connectionState"] },
        { type: "VirtualMachine", all: false, pathSet: ["name", "runtime.powerState"] },
      ],
      reportMissingObjectsInResults: false,
    };
    const rows = retrieveContents([spec], inventory).map((c) => [c.obj.type, ...c.propSet.map((p) => text(p.val))]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ["HostSystem", "esx-01", "connected"],
        ["HostSystem", "esx-02", "notResponding"],
        ["VirtualMachine", "a", "poweredOn"],
        ["VirtualMachine", "b", "poweredOn"],
      ]),
    );
    expect(rows).toHaveLength(4);
  });

  it("puts a VM on a standard port group on that name's Network, and a container view of Network types finds the port groups too", () => {
    const view = new ContainerViewObject({ type: "ContainerView", value: "session[s1]v1" }, { container: REFS.rootFolder, types: ["Network"], recursive: true }, () => inventory);
    const content = retrieveContents(
      [{ objectSet: [{ obj: view.ref, skip: true, selectSet: [t("v", "ContainerView", "view")] }], propSet: [{ type: "Network", all: false, pathSet: ["name"] }], reportMissingObjectsInResults: false }],
      { get: (r) => (r.value === view.ref.value ? { ref: view.ref, props: view.props() } : inventory.get(r)) },
    );
    const names = content.map((c) => [c.obj.type, text(c.propSet[0]?.val)]);
    expect(names).toEqual(expect.arrayContaining([["Network", "VM Network"], ["DistributedVirtualPortgroup", "web"], ["DistributedVirtualPortgroup", "dvs1-DVUplinks-1"]]));
    const vmB = inventory.get(ctx.vmRef("b"))!;
    const network = vmB.props["network"];
    expect(network?.kind === "array" ? network.items.map((i) => (i.kind === "mor" ? inventory.get(i.ref)?.props["name"] : undefined)).map(text) : []).toEqual(["VM Network"]);
  });
});
