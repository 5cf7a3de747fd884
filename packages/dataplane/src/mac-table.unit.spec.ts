import { describe, expect, it } from "vitest";
import { MacTable } from "./mac-table.js";
import { mac, port, proxySwitch } from "./testing/fixtures.js";
import { VirtualPort } from "./virtual-switch.js";
import { VirtualSwitch } from "./virtual-switch.js";

const sw = new VirtualSwitch("dvs1", proxySwitch("dvs1"), 300_000);
const p1 = new VirtualPort("1", port("1", "dvs1", mac(1)), sw);
const p2 = new VirtualPort("2", port("2", "dvs1", mac(2)), sw);

describe("MacTable", () => {
  it("keys entries by VLAN and MAC", () => {
    const table = new MacTable(1_000);
    table.learn(10, mac(1), p1, 0);
    table.learn(20, mac(1), p2, 0);
    expect([table.lookup(10, mac(1), 5), table.lookup(20, mac(1), 5), table.lookup(30, mac(1), 5)]).toEqual([p1, p2, undefined]);
  });

  it("ages an entry out after the aging time without traffic, and refreshes it on traffic", () => {
    const table = new MacTable(1_000);
    table.learn(0, mac(1), p1, 0);
    table.learn(0, mac(1), p1, 900);
    expect(table.lookup(0, mac(1), 1_900)).toBe(p1);
    expect(table.lookup(0, mac(1), 1_901)).toBeUndefined();
  });

  it("moves a MAC to the port it is now seen on; the uplinks take it over only once the local entry aged out", () => {
    const table = new MacTable(1_000);
    table.learn(0, mac(1), p1, 0);
    table.learn(0, mac(1), p2, 1);
    expect(table.lookup(0, mac(1), 1)).toBe(p2);
    table.learn(0, mac(1), null, 2);
    expect(table.lookup(0, mac(1), 2)).toBe(p2);
    table.learn(0, mac(1), null, 1_002);
    expect(table.lookup(0, mac(1), 1_002)).toBeNull();
  });

  it("sweeps aged-out entries when it learns a new MAC, so unused ones do not pile up", () => {
    const table = new MacTable(1_000);
    for (let n = 1; n <= 50; n++) table.learn(n % 3, mac(n), null, 0);
    expect(table.size).toBe(50);
    table.learn(0, mac(99), p1, 1_001);
    expect(table.size).toBe(1);
  });

  it("forgets the MACs of a port in every VLAN", () => {
    const table = new MacTable(1_000);
    table.learn(10, mac(1), p1, 0);
    table.learn(20, mac(7), p1, 0);
    table.learn(10, mac(2), p2, 0);
    table.forgetPort(p1);
    expect(table.entries(0)).toEqual([{ vlan: 10, mac: mac(2), portId: "2", ageMs: 0 }]);
  });
});
