import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MigrationSummary, PortCounters } from "@vdsim/protocol";
import { Cli } from "./support/cli.js";

const JUMBO_REPLY = /^8980 bytes from 192\.168\.50\.2: icmp_seq=\d ttl=64 time=\d+\.\d{3} ms$/;

/** MTU along the vMotion path, through the real `vdsim` binary (which prints a failing host command on stderr): jumbo vmkping, a 1500 hop, and a vMotion it breaks. */
describe("MTU enforced along the path between two hosts", () => {
  const cli = new Cli();
  const on = (host: string, tool: string, ...args: string[]) => cli.run(tool, "--server", host, ...args);
  const vmkping = (...args: string[]) => on("esx-01", "vmkping", "-I", "vmk1", ...args);
  const vmk1Drops = async (host: string): Promise<PortCounters["dropped"]> => {
    const rows = JSON.parse(await cli.ok("port", "stats", "vmk1", "--json")) as PortCounters[];
    const row = rows.find((r) => r.host === host);
    if (!row) throw new Error(`no vmk1 port on ${host}`);
    return row.dropped;
  };

  beforeAll(async () => {
    await cli.ok("up", "--hosts", "2", "--no-dashboard");
    for (const [host, ip] of [["esx-01", "192.168.50.1"], ["esx-02", "192.168.50.2"]] as const) {
      for (const [tool, ...args] of [
        ["esxcli", "network", "vswitch", "standard", "set", "-v", "vSwitch0", "-m", "9000"],
        ["vicfg-vswitch", "-A", "vMotion", "vSwitch0"],
        ["vicfg-vmknic", "-a", "-i", ip, "-n", "255.255.255.0", "-m", "9000", "vMotion"],
        ["vicfg-vmknic", "--enable-vmotion", "vMotion"],
      ] as const) {
        const r = await on(host, tool, ...args);
        expect({ tool, args, code: r.code, stderr: r.stderr }).toEqual({ tool, args, code: 0, stderr: "" });
      }
    }
    await cli.ok("vm", "create", "web-01", "--host", "esx-01", "--network", "VM Network");
  });

  afterAll(async () => {
    await cli[Symbol.asyncDispose]();
  });

  it("the vMotion network check, vmkping -d -s 8972, passes on a path that is 9000 end to end", async () => {
    const r = await vmkping("-d", "-s", "8972", "192.168.50.2");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("PING 192.168.50.2 (192.168.50.2): 8972 data bytes");
    expect(lines.slice(1, 4).every((l) => JUMBO_REPLY.test(l))).toBe(true);
    expect(lines.slice(4, 7)).toEqual(["", "--- 192.168.50.2 ping statistics ---", "3 packets transmitted, 3 packets received, 0% packet loss"]);
    expect(lines[7]).toMatch(/^round-trip min\/avg\/max = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
    const small = await vmkping("192.168.50.2");
    expect(small.code).toBe(0);
    expect(small.stdout).toMatch(/^PING 192\.168\.50\.2 \(192\.168\.50\.2\): 56 data bytes\n64 bytes from 192\.168\.50\.2: icmp_seq=0 ttl=64/);
  });

  it("a don't-fragment echo over the vmknic's own MTU is not sent: Message too long, per packet", async () => {
    const r = await vmkping("-d", "-s", "8973", "-c", "2", "192.168.50.2");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "PING 192.168.50.2 (192.168.50.2): 8973 data bytes\nsendto() failed (Message too long)\nsendto() failed (Message too long)\n\n--- 192.168.50.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n",
    );
  });

  it("a target no ARP answers for: Host is down, per packet", async () => {
    const r = await vmkping("-c", "1", "192.168.50.99");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "PING 192.168.50.99 (192.168.50.99): 56 data bytes\nsendto() failed (Host is down)\n\n--- 192.168.50.99 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n",
    );
  });

  it("with one hop at 1500 (esx-02's vSwitch0) the jumbo check gets no reply, the drops are counted as mtu, and 1472 still passes", async () => {
    expect((await on("esx-02", "vicfg-vswitch", "-m", "1500", "vSwitch0")).code).toBe(0);
    const before = await vmk1Drops("esx-02");
    const r = await vmkping("-d", "-s", "8972", "192.168.50.2");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("PING 192.168.50.2 (192.168.50.2): 8972 data bytes\n\n--- 192.168.50.2 ping statistics ---\n3 packets transmitted, 0 packets received, 100% packet loss\n");
    expect((await vmk1Drops("esx-02")).mtu).toBe(before.mtu + 3);
    expect((await vmkping("-d", "-s", "1472", "-c", "1", "192.168.50.2")).code).toBe(0);
    expect(await cli.ok("port", "stats", "vmk1")).toContain("Drop mtu");
  });

  it("a vMotion over that path rolls back in pre-copy, naming the vmknics and the MTU; web-01 stays on esx-01", async () => {
    const r = await cli.run("vm", "migrate", "web-01", "--to", "esx-02", "--wait");
    expect(r.code).toBe(1);
    const message =
      'pre-copy got no data through the vMotion network: vmk1 on "esx-01" (MTU 9000) to 192.168.50.2 (vmk1 on "esx-02", MTU 9000): a hop on the path has a smaller MTU';
    expect(r.stderr).toContain(`web-01 keeps running on esx-01: stepFailed in precopyIteration: ${message}`);
    const [m] = JSON.parse(await cli.ok("migrations", "--json")) as MigrationSummary[];
    expect(m).toMatchObject({ vm: "web-01", result: "rolledBack", outcome: { rollbackReason: { kind: "stepFailed", step: "precopyIteration", message } } });
    expect(await cli.ok("migrations")).toContain(`${m!.id} rolled back: stepFailed in precopyIteration: ${message}`);
    expect(JSON.parse(await cli.ok("status", "--json")).vms).toEqual([expect.objectContaining({ name: "web-01", host: "esx-01" })]);
  });

  it("with the vmknics at 1500, a large echo without -d is fragmented and answered, and the vMotion completes", async () => {
    for (const host of ["esx-01", "esx-02"]) expect((await on(host, "esxcli", "network", "ip", "interface", "set", "-i", "vmk1", "--mtu", "1500")).code).toBe(0);
    const r = await vmkping("-s", "8972", "-c", "1", "192.168.50.2");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PING 192\.168\.50\.2 \(192\.168\.50\.2\): 8972 data bytes\n8980 bytes from 192\.168\.50\.2: icmp_seq=0 ttl=64/);
    expect((await vmkping("-d", "-s", "8972", "-c", "1", "192.168.50.2")).stderr).toContain("sendto() failed (Message too long)");
    const done = await cli.run("vm", "migrate", "web-01", "--to", "esx-02", "--wait");
    expect({ code: done.code, stderr: done.stderr }).toEqual({ code: 0, stderr: "" });
    expect(done.stdout).toMatch(/completed in \d+ ms/);
  });

  it("a distributed switch's MTU, set at creation and changed with vds set, limits vmknics on its dvPorts", async () => {
    await cli.ok("vds", "create", "dvs1", "--mtu", "9000");
    for (const host of ["esx-01", "esx-02"]) await cli.ok("vds", "add-host", "dvs1", host, "--uplink", "vmnic1", "--wait");
    await cli.ok("vds", "portgroup", "add", "dvs1", "storage", "--ports", "4", "--wait");
    // the members' uplink dvPorts took keys 0-3; storage's dvPorts come after them
    for (const [host, ip, port] of [["esx-01", "192.168.60.1", "4"], ["esx-02", "192.168.60.2", "5"]] as const) {
      expect((await on(host, "vicfg-vmknic", "-a", "-i", ip, "-n", "255.255.255.0", "-m", "9000", "-s", "dvs1", "-v", port)).code).toBe(0);
    }
    const jumbo = () => on("esx-01", "vmkping", "-I", "vmk2", "-d", "-s", "8972", "-c", "1", "192.168.60.2");
    expect((await jumbo()).code).toBe(0);
    expect((await on("esx-02", "esxcli", "network", "vswitch", "dvs", "vmware", "list")).stdout).toContain("MTU: 9000");
    expect(await cli.ok("vds", "set", "dvs1", "--mtu", "1500", "--wait")).toContain("reconfigured distributed switch dvs1: MTU 1500");
    expect((await on("esx-02", "esxcli", "network", "vswitch", "dvs", "vmware", "list")).stdout).toContain("MTU: 1500");
    expect((await jumbo()).code).toBe(1);
    expect((await on("esx-01", "vmkping", "-I", "vmk2", "-d", "-s", "1472", "-c", "1", "192.168.60.2")).code).toBe(0);
    const refused = await cli.run("vds", "set", "dvs1", "--mtu", "9001");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/MTU/);
  });
});
