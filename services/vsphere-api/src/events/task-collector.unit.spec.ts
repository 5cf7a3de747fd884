import { describe, expect, it } from "vitest";
import { ChangeSignal } from "../changes.js";
import { TaskStore } from "../tasks/task-store.js";
import { parseXml } from "../soap/xml-tree.js";
import { str, type VimValue } from "../soap/values.js";
import { readTaskFilter } from "./filter-spec.js";
import { TaskCollector } from "./task-collector.js";

const keyOf = (vs: VimValue[]) => vs.map((v) => (v.kind === "data" && v.props["key"]?.kind === "primitive" ? v.props["key"].value : "?"));
const spec = (entity?: { type: string; value: string }) => ({ name: "ReconfigureDVPortgroup_Task", descriptionId: "dvs.DistributedVirtualPortgroup.reconfigure", userName: "administrator@vsphere.local", ...(entity ? { entity } : {}) });

describe("a task history collector", () => {
  it("lists the TaskInfo of the tasks matching its filter (state, entity), oldest first forward and newest first back", async () => {
    const tasks = new TaskStore(new ChangeSignal());
    const pg = { type: "DistributedVirtualPortgroup", value: "dvportgroup-3" };
    const ok = tasks.start(spec(pg), () => Promise.resolve(str("done")));
    const bad = tasks.start(spec(pg), () => Promise.reject(new Error("no")));
    const other = tasks.start(spec({ type: "VirtualMachine", value: "vm-100" }), () => Promise.resolve(undefined));
    await Promise.all([ok, bad, other].map((t) => tasks.ended(t)));
    const filter = (xml: string) => readTaskFilter(parseXml(`<filter>${xml}</filter>`));
    const all = new TaskCollector({ type: "TaskHistoryCollector", value: "s1" }, tasks, filter(""));
    expect(keyOf(all.readNext(10))).toEqual(["task-1", "task-2", "task-3"]);
    expect(keyOf(all.readPrevious(2))).toEqual(["task-3", "task-2"]);
    expect(keyOf(all.latestPage())).toEqual(["task-3", "task-2", "task-1"]);
    const failed = new TaskCollector({ type: "TaskHistoryCollector", value: "s2" }, tasks, filter("<state>error</state>"));
    expect(keyOf(failed.latestPage())).toEqual(["task-2"]);
    const onPg = new TaskCollector({ type: "TaskHistoryCollector", value: "s3" }, tasks, filter(`<entity><entity type="DistributedVirtualPortgroup">dvportgroup-3</entity><recursion>self</recursion></entity>`));
    expect(keyOf(onPg.readNext(10))).toEqual(["task-1", "task-2"]);
    const underNetwork = new TaskCollector({ type: "TaskHistoryCollector", value: "s4" }, tasks, filter(`<entity><entity type="Folder">group-n5</entity><recursion>all</recursion></entity>`));
    expect(keyOf(underNetwork.readNext(10))).toEqual(["task-1", "task-2"]);
    expect(() => filter("<state>done</state>")).toThrow(/state/);
    expect(() => filter("<time><timeType>later</timeType></time>")).toThrow(/timeType/);
  });
});
