import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { createLogger } from "@vdsim/runtime";
import { ChangeSignal } from "../changes.js";
import { VsphereEventFold } from "../events/event-fold.js";
import { InventoryContext } from "../inventory/context.js";
import { FoldedCluster } from "../inventory/folded-cluster.js";
import { ObjectMap } from "../inventory/managed-object.js";
import { TaskStore } from "../tasks/task-store.js";
import { apiMethods } from "./api-methods.js";
import { VimApi } from "./vim-api.js";

const README = resolve(fileURLToPath(new URL("../../../../README.md", import.meta.url)));

/** The method names of the README's "methods it serves" table (its first column), those in backticks left out. */
function readmeMethods(): string[] {
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf("The methods it serves");
  const lines = readme.slice(start).split("\n");
  const rows = lines.slice(lines.findIndex((l) => l.startsWith("| Method |")) + 2);
  const table = rows.slice(0, rows.findIndex((l) => !l.startsWith("|")));
  return table.flatMap((row) => (row.split("|")[1] ?? "").split(",").map((m) => m.trim())).filter((m) => m !== "" && !m.startsWith("`"));
}

describe("the README's table of vSphere methods", () => {
  const changes = new ChangeSignal();
  const ctx = new InventoryContext(new FoldedCluster(), () => "connected", new Date());
  const deps = { cluster: {} as VdsimClient, ctx, tasks: new TaskStore(changes), changes, events: new VsphereEventFold("u"), log: createLogger("test") };
  const api = new VimApi({ userName: "u", password: "p", about: { vdsimVersion: "0", instanceUuid: "i" }, inventory: () => new ObjectMap(), log: createLogger("test"), methods: apiMethods(deps) });
  const served = new Set(api.methodNames().map((n) => n.split(".")[1]));

  it("names only methods the API serves, and every method it serves", () => {
    const listed = readmeMethods();
    expect(listed.length).toBeGreaterThan(40);
    expect(listed.filter((m) => !served.has(m))).toEqual([]);
    expect([...served].filter((m) => !listed.includes(m!)).sort()).toEqual([]);
  });
});
