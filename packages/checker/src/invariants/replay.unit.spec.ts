import { describe, expect, it } from "vitest";
import { row } from "../testing/rows.js";
import { twoHostsWithVms, withHost } from "../testing/scenario.js";
import { REPLAY } from "./replay.js";

describe("replay-matches-live", () => {
  it("given processes at different sequences, each matching the log there, when checked, then it holds", () => {
    const s = twoHostsWithVms();
    const behind = s.hostReport("esx-01");
    s.command({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { allowPromiscuous: true } });
    const r = row(withHost(s.observe(), "esx-01", behind), REPLAY);
    expect(r).toMatchObject({ ok: true, evaluated: true, detail: "management and 2 hosts match the log replayed to their sequences" });
  });

  it("given a host that skipped one event, when checked, then it fails naming what differs and that event alone", () => {
    const s = twoHostsWithVms();
    const stale = s.hostReport("esx-02");
    const changed = s.command({ type: "SetDistributedPortGroupPolicy", vds: "dvs1", portgroup: "web", patch: { vlan: { kind: "vlan", id: 20 } } });
    s.command({ type: "CreateVm", vm: "c", host: "esx-01", networks: ["web"] });
    // the host counts the change as applied but its state is as before it
    const skipped = { ...stale, appliedSeq: s.lastSeq };
    const r = row(withHost(s.observe(), "esx-02", skipped), REPLAY);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(
      `host esx-02's realized state differs from the log replayed to sequence ${s.lastSeq}: port group web on dvs1 differs, dvPort dvs1/5 (VM b, port group web) differs`,
    );
    expect(r.events).toEqual([{ seq: changed.seq, type: "DistributedPortGroupPolicyChanged", summary: expect.stringContaining('changes={"vlan":{"kind":"vlan","id":20}}') }]);
  });

  it("given a management service whose state differs, when checked, then it fails with the last events before its sequence", () => {
    const s = twoHostsWithVms();
    const o = s.observe();
    const r = row({ ...o, management: { seq: 6, hash: "not-the-hash" } }, REPLAY);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe("the management service's state differs from the log replayed to sequence 6");
    expect(r.events?.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
  });

  it("given a silent management service and host, and a host past the log's end, when checked, then it fails naming each", () => {
    const s = twoHostsWithVms();
    const ahead = { ...s.hostReport("esx-01"), appliedSeq: 42 };
    const o = withHost(withHost(s.observe(), "esx-01", ahead), "esx-02", null);
    const r = row({ ...o, management: null }, REPLAY);
    expect(r.detail).toBe(
      "the management service did not answer: its state could not be compared; host esx-02 did not answer: its state could not be compared; host esx-01 reports sequence 42, past the log's end (8)",
    );
  });
});
