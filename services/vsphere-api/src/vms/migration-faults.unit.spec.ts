import { describe, expect, it } from "vitest";
import { InventoryContext } from "../inventory/context.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { migrationEndFault, precheckFault } from "./migration-faults.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const prim = (v: unknown): string | undefined => (v && typeof v === "object" && "value" in v ? String((v as { value: unknown }).value) : undefined);

describe("the fault of a vMotion precheck reason, as vCenter raises it", () => {
  it("given no vMotion vmknic on the source, then VMotionNotConfigured at the source host, every reason in faultMessage", () => {
    const f = precheckFault(ctx, "a", [
      'Host "esx-01" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
      'Host "esx-02" has no vMotion-enabled VMkernel interface (enable one with vicfg-vmknic --enable-vmotion)',
    ]);
    expect(f.faultType).toBe("VMotionNotConfigured");
    expect([prim(f.props["atSourceHost"]), prim(f.props["failedHost"])]).toEqual(["true", "esx-01"]);
    const messages = f.props["faultMessage"];
    expect(messages?.kind === "array" ? messages.items.length : 0).toBe(2);
  });

  it("given the destination outside the VDS or without the standard port group, then CannotAccessNetwork naming the adapter and network", () => {
    const dvs = precheckFault(ctx, "a", ['Host "esx-03" is not a member of distributed switch "dvs1" (Network adapter 1, port group "web")']);
    expect([dvs.faultType, prim(dvs.props["device"]), prim(dvs.props["backing"])]).toEqual(["CannotAccessNetwork", "Network adapter 1", "web"]);
    const std = precheckFault(ctx, "b", ['Host "esx-01" has no standard port group named "VM Network" (Network adapter 1)']);
    expect([std.faultType, prim(std.props["device"]), prim(std.props["backing"])]).toEqual(["CannotAccessNetwork", "Network adapter 1", "VM Network"]);
  });

  it("given the runtime reasons, then HostNotConnected, VMotionLinkDown, InsufficientResourcesFault", () => {
    expect(precheckFault(ctx, "a", ['Host "esx-02" is not responding']).faultType).toBe("HostNotConnected");
    expect(precheckFault(ctx, "a", ['vMotion interface vmk1 on "esx-01" cannot reach 10.0.0.2 (vmk1 on "esx-02")']).faultType).toBe("VMotionLinkDown");
    expect(precheckFault(ctx, "b", ['Standard switch "vSwitch0" on host "esx-01" has no free port (Network adapter 1)']).faultType).toBe("InsufficientResourcesFault");
  });

  it("given a migration that ended otherwise, then the fault of why it rolled back", () => {
    expect(migrationEndFault(ctx, "a", { kind: "stepFailed", step: "precopyIteration", message: "MTU" }, "rolledBack").faultType).toBe("NetworkCopyFault");
    expect(migrationEndFault(ctx, "a", { kind: "stepTimedOut", step: "switchover", timeoutMs: 5 }, "rolledBack").faultType).toBe("Timedout");
    expect(migrationEndFault(ctx, "a", { kind: "cancelled", during: "precopy", message: null }, "rolledBack").faultType).toBe("RequestCanceled");
    expect(migrationEndFault(ctx, "a", { kind: "precheckFailed", reasons: ['Host "esx-02" is not responding'] }, "rolledBack").faultType).toBe("HostNotConnected");
    expect(migrationEndFault(ctx, "a", null, "failed").faultType).toBe("MigrationFault");
  });
});
