import { describe, expect, it } from "vitest";
import { UsageError } from "@vdsim/runtime";
import { managementConfig } from "./config.js";

describe("management service settings", () => {
  it("takes NATS servers, credentials and TLS from flags, leaving the environment to connectNats otherwise", () => {
    expect(managementConfig([], {})).toEqual({ nats: {} });
    expect(managementConfig(["--nats", "nats://n1:4222,nats://n2:4222", "--nats-creds", "/c", "--nats-ca", "/ca"], {})).toEqual({
      nats: { servers: "nats://n1:4222,nats://n2:4222", credsFile: "/c", caFile: "/ca" },
    });
  });

  it("reads the stream replicas from --replicas, else VDSIM_REPLICAS", () => {
    expect(managementConfig([], { VDSIM_REPLICAS: "3" }).replicas).toBe(3);
    expect(managementConfig(["--replicas", "1"], { VDSIM_REPLICAS: "3" }).replicas).toBe(1);
  });

  it("reads how often to snapshot from --snapshot-every, else VDSIM_SNAPSHOT_EVERY; 0 is only when asked", () => {
    expect(managementConfig([], {}).snapshotEvery).toBeUndefined();
    expect(managementConfig([], { VDSIM_SNAPSHOT_EVERY: "50" }).snapshotEvery).toBe(50);
    expect(managementConfig(["--snapshot-every", "0"], { VDSIM_SNAPSHOT_EVERY: "50" }).snapshotEvery).toBe(0);
    expect(() => managementConfig(["--snapshot-every=-1"], {})).toThrow(/invalid snapshot-every "-1": expected 0-10000000/);
    expect(() => managementConfig([], { VDSIM_SNAPSHOT_EVERY: "often" })).toThrow(/invalid snapshot-every "often"/);
  });

  it("refuses bad replicas, unknown flags and stray arguments with the usage", () => {
    for (const argv of [["--replicas", "7"], ["--replicas", "two"], ["--bogus"], ["extra"]]) {
      expect(() => managementConfig(argv, {})).toThrow(UsageError);
    }
    expect(() => managementConfig([], { VDSIM_REPLICAS: "0" })).toThrow(/invalid replicas "0"/);
    expect(() => managementConfig(["--help"], {})).toThrow(/usage: management/);
  });
});
