import { describe, expect, it } from "vitest";
import { NO_PLANTED_FAULTS, parsePlantedFaults } from "./planted-faults.js";

describe("planted faults (VDSIM_FAULT, tests only)", () => {
  it("given no variable, when parsed, then nothing is planted", () => {
    expect(parsePlantedFaults(undefined, "esx-01")).toEqual(NO_PLANTED_FAULTS);
    expect(parsePlantedFaults("", undefined)).toEqual(NO_PLANTED_FAULTS);
  });

  it("given host-agent faults, when parsed for a host, then they apply to it and not to the management service", () => {
    const value = "skip-source-release,drop-applied-event:VmCreated";
    expect(parsePlantedFaults(value, "esx-01")).toEqual({ skipSourceRelease: true, dropAppliedEvent: "VmCreated" });
    expect(parsePlantedFaults(value, undefined)).toEqual(NO_PLANTED_FAULTS);
  });

  it("given a fault limited to one host, when parsed for another, then it does not apply", () => {
    const value = "drop-applied-event:DistributedPortGroupPolicyChanged@esx-02";
    expect(parsePlantedFaults(value, "esx-02").dropAppliedEvent).toBe("DistributedPortGroupPolicyChanged");
    expect(parsePlantedFaults(value, "esx-01").dropAppliedEvent).toBeUndefined();
  });

  it("given a management fault, when parsed, then only the management service plants it", () => {
    expect(parsePlantedFaults("ack-without-append:CreateVm", undefined).ackWithoutAppend).toBe("CreateVm");
    expect(parsePlantedFaults("ack-without-append:CreateVm", "esx-01").ackWithoutAppend).toBeUndefined();
    expect(parsePlantedFaults("record-twice:SetDistributedPortGroupPolicy", undefined).recordTwice).toBe("SetDistributedPortGroupPolicy");
  });

  it("given an unknown fault, when parsed, then it is refused by name", () => {
    expect(() => parsePlantedFaults("lose-everything", "esx-01")).toThrow(/unknown planted fault "lose-everything"/);
  });
});
