import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { storedEvent } from "@vdsim/eventstore";
import type { HistoryEntry, Operation } from "../history.js";
import { history, row } from "../testing/rows.js";
import { T0, twoHostsWithVms } from "../testing/scenario.js";
import { ACKNOWLEDGED, LOG_GAP, LOG_INTEGRITY, UNASKED } from "./log.js";
import { MIGRATIONS } from "./migrations.js";

const op = (id: number, fields: Partial<Operation>): Operation => ({
  type: "op",
  id,
  kind: "vm-create",
  args: {},
  invokedAt: T0,
  completedAt: T0 + 1,
  outcome: "ok",
  ...fields,
});

describe("migrations-ended", () => {
  it("given migrations completed and rolled back, when checked, then it holds", () => {
    const s = twoHostsWithVms();
    s.migrate("m-1", "a", "esx-02");
    s.migrate("m-2", "b", "esx-01", "rolledBack");
    expect(row(s.observe(), MIGRATIONS)).toMatchObject({ ok: true, detail: "2 migrations, each completed or rolled back" });
  });

  it("given a migration that never ended and one that failed, when checked, then it fails naming each with its events", () => {
    const s = twoHostsWithVms();
    s.migrate("m-1", "a", "esx-02", null);
    s.migrate("m-2", "b", "esx-01", "failed");
    const r = row(s.observe(), MIGRATIONS);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe("migration m-1 of VM a (esx-01 -> esx-02) is stuck in phase queued; migration m-2 of VM b (esx-02 -> esx-01) ended failed");
    expect(r.events?.map((e) => e.type)).toEqual(["MigrationRequested", "MigrationDestinationReserved", "MigrationRequested", "MigrationDestinationReserved", "MigrationEnded"]);
  });
});

describe("log-has-no-gap", () => {
  it("given sequences 1..n, when checked, then it holds", () => {
    expect(row(twoHostsWithVms().observe(), LOG_GAP)).toMatchObject({ ok: true, detail: "sequences 1-8 without a gap" });
  });

  it("given a hole in the log, when checked, then it fails naming the missing sequences and the events around them", () => {
    const o = twoHostsWithVms().observe();
    const r = row({ ...o, events: o.events.filter((e) => e.seq !== 4 && e.seq !== 5) }, LOG_GAP);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe("sequences 4-5 are missing");
    expect(r.events?.map((e) => e.seq)).toEqual([3, 6]);
  });
});

describe("acknowledged-commands-logged", () => {
  it("given no history, when checked, then it is not evaluated and does not fail the check", () => {
    expect(row(twoHostsWithVms().observe(), ACKNOWLEDGED)).toMatchObject({ ok: true, evaluated: false, detail: "not evaluated (no history)" });
  });

  it("given acknowledged operations at their sequences, when checked, then it holds", () => {
    const s = twoHostsWithVms();
    const e = s.command({ type: "CreateVm", vm: "c", host: "esx-02", networks: ["web"] }, "c-1");
    s.migrate("m-1", "a", "esx-02");
    const ops = [op(1, { commandId: "c-1", seq: e.seq }), op(2, { kind: "migrate", seq: e.seq + 1, migrations: ["m-1"] }), op(3, { commandId: "c-2" })];
    expect(row(s.observe(), ACKNOWLEDGED, history(ops))).toMatchObject({ ok: true, detail: "3 acknowledged operations are in the log" });
  });

  it("given an acknowledgement whose sequence holds another command's event, when checked, then it fails naming both", () => {
    const s = twoHostsWithVms();
    const other = s.command({ type: "CreateVm", vm: "c", host: "esx-02", networks: ["web"] }, "c-other");
    const r = row(s.observe(), ACKNOWLEDGED, history([op(1, { kind: "vm-remove", args: { vm: "a" }, commandId: "c-lost", seq: other.seq })]));
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(`operation #1 (vm-remove vm=a) was acknowledged as sequence ${other.seq}, but that is VmCreated caused by c-other, and command c-lost is nowhere in the log`);
    expect(r.events?.map((e) => e.seq)).toEqual([other.seq]);
  });

  it("given an acknowledgement past the log's end or a migration never requested, when checked, then it fails", () => {
    const s = twoHostsWithVms();
    const ops = [op(1, { commandId: "c-1", seq: 99 }), op(2, { kind: "migrate", migrations: ["m-9"] })];
    const r = row(s.observe(), ACKNOWLEDGED, history(ops));
    expect(r.detail).toContain("operation #1 (vm-create) was acknowledged as sequence 99, which is not in the log (it ends at 8)");
    expect(r.detail).toContain("operation #2 (migrate) was acknowledged with migration m-9, which the log never requested");
  });
});

describe("nothing-unasked-in-log", () => {
  it("given events caused by operations, their migrations, registrations and host-local operations, when checked, then it holds", () => {
    const s = twoHostsWithVms();
    const startedAt = Date.parse(s.events.at(-1)!.envelope.time) + 1;
    s.command({ type: "CreateVm", vm: "c", host: "esx-02", networks: ["web"] }, "c-1");
    s.migrate("m-1", "a", "esx-02");
    s.command({ type: "RegisterHost", host: "esx-03", pnics: ["vmnic0"] }, "register-esx-03-x");
    const at = s.nextTime;
    s.hostCommand("esx-01", { type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "vMotion" });
    const ops = [
      op(1, { commandId: "c-1" }),
      op(2, { kind: "migrate", outcome: "info", args: { vm: "a" } }),
      op(3, { kind: "host-local", args: { host: "esx-01" }, invokedAt: at - 5, completedAt: at + 5 }),
    ];
    expect(row(s.observe(), UNASKED, history(ops, startedAt))).toMatchObject({ ok: true, detail: "7 events recorded during the run, each asked for" });
  });

  it("given an event no operation asked for and one a refused operation caused, when checked, then it fails naming each", () => {
    const s = twoHostsWithVms();
    const startedAt = Date.parse(s.events.at(-1)!.envelope.time) + 1;
    const stray = s.command({ type: "CreateVm", vm: "c", host: "esx-02", networks: ["web"] }, "c-stray");
    const refused = s.command({ type: "RemoveVm", vm: "b" }, "c-refused");
    const r = row(s.observe(), UNASKED, history([op(1, { kind: "vm-remove", args: { vm: "b" }, commandId: "c-refused", outcome: "fail" })], startedAt));
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(
      `sequence ${stray.seq} (VmCreated) was caused by c-stray, which no operation of the history asked for; sequence ${refused.seq} (VmRemoved) was caused by command c-refused, which was refused (operation #1 (vm-remove vm=b))`,
    );
    expect(r.events?.map((e) => e.seq)).toEqual([stray.seq, refused.seq]);
  });

  it("given a host-scoped event outside every host-local operation on that host, when checked, then it fails", () => {
    const s = twoHostsWithVms();
    const startedAt = s.nextTime;
    const at = s.nextTime;
    const stray = s.hostCommand("esx-01", { type: "AddStandardPortGroup", vswitch: "vSwitch0", portgroup: "vMotion" }, "host-cmd-x");
    const elsewhere = op(1, { kind: "host-local", args: { host: "esx-02" }, invokedAt: at - 5, completedAt: at + 5 });
    const r = row(s.observe(), UNASKED, history([elsewhere], startedAt));
    expect(r.detail).toBe(`sequence ${stray.seq} (StandardPortGroupAdded) was caused by host-cmd-x, which no operation of the history asked for`);
  });
});

describe("log-holds-only-valid-events", () => {
  /** The scenario's log with bad messages appended after it, as a writer with the stream's credentials could. */
  function withBadMessages(bad: ReadonlyArray<readonly [string, Uint8Array]>) {
    const o = twoHostsWithVms().observe();
    const planted = bad.map(([subject, bytes], i) => storedEvent(o.events.length + 1 + i, subject, bytes));
    return { observation: { ...o, events: [...o.events, ...planted] }, seqs: planted.map((p) => p.seq) };
  }
  const notMsgpack = new Uint8Array([1, 2, 3, 4]);
  const wrongShape = encode({ type: "VmRemoved", v: 1, time: "2026-12-03T08:00:00.000Z", id: "x", correlationId: "x", data: { vm: 42 } });

  it("given a log of valid events, when checked, then it holds", () => {
    expect(row(twoHostsWithVms().observe(), LOG_INTEGRITY)).toMatchObject({ ok: true, evaluated: true, detail: "every message in the log is a valid event" });
  });

  it("given messages no writer could have written, when checked, then it fails naming each by sequence, subject and reason, and the other rows read the valid log", () => {
    const { observation, seqs } = withBadMessages([
      ["vdsim.evt.global.vds.x", notMsgpack],
      ["vdsim.evt.global.vm.a", wrongShape],
    ]);
    const r = row(observation, LOG_INTEGRITY);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain("the log holds 2 messages no writer could have written");
    expect(r.detail).toContain(`sequence ${seqs[0]} on vdsim.evt.global.vds.x: not msgpack (4 bytes)`);
    expect(r.detail).toContain(`sequence ${seqs[1]} on vdsim.evt.global.vm.a: event VmRemoved v1: data.vm: expected string, received number`);
    expect(r.events?.map((e) => e.seq)).toEqual(seqs);
    expect(row(observation, LOG_GAP)).toMatchObject({ ok: true });
  });

  it("given a chaos run that planted them, when checked with its history, then it holds and names them; one not planted still fails", () => {
    const { observation, seqs } = withBadMessages([
      ["vdsim.evt.global.chaos.corrupt-1", notMsgpack],
      ["vdsim.evt.global.vm.a", wrongShape],
    ]);
    const planted: HistoryEntry = { type: "fault", kind: "corrupt", target: "event log", startedAt: T0, healedAt: T0, planted: { seq: seqs[0]!, subject: "vdsim.evt.global.chaos.corrupt-1", bad: "not-msgpack" } };
    const r = row(observation, LOG_INTEGRITY, history([planted]));
    expect(r.ok).toBe(false);
    expect(r.detail).toContain(`the log holds a message no writer could have written (quarantined by every follower): sequence ${seqs[1]} on vdsim.evt.global.vm.a`);
    expect(r.detail).toContain(`besides, 1 planted by the corrupt nemesis, each quarantined by every follower (sequences ${seqs[0]})`);
    const only = withBadMessages([["vdsim.evt.global.chaos.corrupt-1", notMsgpack]]);
    expect(row(only.observation, LOG_INTEGRITY, history([planted]))).toMatchObject({
      ok: true,
      detail: `every message in the log is a valid event but the 1 planted by the corrupt nemesis, each quarantined by every follower (sequences ${only.seqs[0]})`,
    });
  });
});
