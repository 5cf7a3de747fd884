import { describe, expect, it } from "vitest";
import { RemoteError } from "@vdsim/protocol";
import { ChangeSignal } from "../changes.js";
import { str, valueAt, type VimValue } from "../soap/values.js";
import { TaskStore } from "./task-store.js";
import { taskMethods } from "./task-methods.js";

const info = (tasks: TaskStore, ref: { type: string; value: string }): VimValue | undefined => tasks.get(ref)?.props["info"];
const field = (v: VimValue | undefined, path: string): string | undefined => {
  const at = valueAt(v, path.split("."));
  return at?.kind === "primitive" || at?.kind === "enum" ? at.value : undefined;
};

describe("a task's info follows its work", () => {
  it("runs, reports progress, and ends in success with the work's result", async () => {
    const changes = new ChangeSignal();
    const tasks = new TaskStore(changes);
    let step!: (v: void) => void;
    const gate = new Promise<void>((r) => (step = r));
    const ref = tasks.start({ name: "CreateDVS_Task", descriptionId: "folder.createDistributedVirtualSwitch", userName: "root" }, async (t) => {
      t.progress(40);
      await gate;
      return str("done");
    });
    expect(ref.type).toBe("Task");
    await Promise.resolve();
    await Promise.resolve();
    expect(field(info(tasks, ref), "state")).toBe("running");
    expect(field(info(tasks, ref), "progress")).toBe("40");
    const v = changes.version;
    step();
    await tasks.ended(ref);
    expect(changes.version).toBeGreaterThan(v);
    expect(field(info(tasks, ref), "state")).toBe("success");
    expect(field(info(tasks, ref), "result")).toBeUndefined(); // an anyType wrapper, read below
    const result = valueAt(info(tasks, ref), ["result"]);
    expect(result?.kind === "any" && result.value.kind === "primitive" ? result.value.value : undefined).toBe("done");
    expect(field(info(tasks, ref), "completeTime")).toBeDefined();
    expect(tasks.recent()).toEqual([ref]);
  });

  it("ends in error with the refusal as the vSphere fault a client catches", async () => {
    const tasks = new TaskStore(new ChangeSignal());
    const ref = tasks.start({ name: "AddDVPortgroup_Task", descriptionId: "dvs.DistributedVirtualSwitch.addPortgroups", userName: "root" }, () =>
      Promise.reject(new RemoteError("ALREADY_EXISTS", 'Port group "web" already exists on distributed switch "dvs1"')),
    );
    await tasks.ended(ref);
    expect(field(info(tasks, ref), "state")).toBe("error");
    const fault = valueAt(info(tasks, ref), ["error", "fault"]);
    expect(fault?.kind === "data" ? fault.type : undefined).toBe("AlreadyExists");
    expect(field(info(tasks, ref), "error.localizedMessage")).toContain('"web" already exists');
  });
});

describe("the change signal", () => {
  it("wakes a waiter when it moves, and times out when it does not", async () => {
    const changes = new ChangeSignal();
    expect(await changes.after(changes.version, 10)).toBe(false);
    const seen = changes.version;
    const waiting = changes.after(seen, 5_000);
    changes.bump();
    expect(await waiting).toBe(true);
    expect(await changes.after(seen, 5_000)).toBe(true);
    const ac = new AbortController();
    const aborted = changes.after(changes.version, 5_000, ac.signal);
    ac.abort();
    expect(await aborted).toBe(false);
  });
});

describe("CancelTask", () => {
  it("is InvalidState for a task of this service (not cancelable), ManagedObjectNotFound for another", async () => {
    const tasks = new TaskStore(new ChangeSignal());
    const ref = tasks.start({ name: "CreateDVS_Task", descriptionId: "d", userName: "root" }, async () => undefined);
    const cancel = taskMethods({ tasks })["CancelTask"]!;
    const call = (value: string) => () => cancel.run({ req: { method: "CancelTask", this: { type: "Task", value }, args: new Map() } } as never);
    expect(call(ref.value)).toThrow(expect.objectContaining({ faultType: "InvalidState" }) as Error);
    await tasks.ended(ref);
    expect(call(ref.value)).toThrow(/has ended \(success\)/);
    expect(call("task-999")).toThrow(expect.objectContaining({ faultType: "ManagedObjectNotFound" }) as Error);
  });
});
