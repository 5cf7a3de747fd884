import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initialState } from "@vdsim/model";
import { emptySnapshot, loadSnapshot, saveSnapshot } from "./snapshot.js";

const dir = mkdtempSync(join(tmpdir(), "vdsim-host-snap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a host agent's snapshot", () => {
  const state = { ...initialState(), hosts: {} };
  const first = join(dir, "esx-01", "snapshot.json");
  const second = join(dir, "esx-02", "snapshot.json");

  it("in a rack, points to the first host's state instead of holding a copy, and loads it from there", () => {
    saveSnapshot(first, { seq: 40, state, subjectSeqs: { "vdsim.evt.global.vds.dvs1": 40 } });
    saveSnapshot(second, { seq: 42, hash: "ab", stateIn: first });
    expect(loadSnapshot(second)).toEqual({ seq: 40, state: { ...state, migrations: {} }, subjectSeqs: { "vdsim.evt.global.vds.dvs1": 40 } });
  });

  it("follows one pointer only, and starts from the beginning when what it points to is gone", () => {
    const third = join(dir, "esx-03", "snapshot.json");
    saveSnapshot(third, { seq: 43, hash: "cd", stateIn: second });
    expect(loadSnapshot(third)).toEqual(emptySnapshot());
    saveSnapshot(second, { seq: 42, hash: "ab", stateIn: join(dir, "gone.json") });
    expect(loadSnapshot(second)).toEqual(emptySnapshot());
  });
});
