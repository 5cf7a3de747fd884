import { describe, expect, it } from "vitest";
import { UsageError } from "@vdsim/runtime";
import { hostAgentConfig, hostNameFromPod } from "./config.js";

describe("host agent settings", () => {
  it("names the host from --host, the argument, VDSIM_HOST, then the pod name, in that order", () => {
    const env = { VDSIM_HOST: "esx-07", VDSIM_POD_NAME: "esx-2" };
    expect(hostAgentConfig(["--host", "esx-09", "esx-08"], env).host).toBe("esx-09");
    expect(hostAgentConfig(["esx-08"], env).host).toBe("esx-08");
    expect(hostAgentConfig([], env).host).toBe("esx-07");
    expect(hostAgentConfig([], { VDSIM_POD_NAME: "esx-2" }).host).toBe("esx-03");
  });

  it("maps a StatefulSet pod's ordinal to the host numbering vdsim up and compose use", () => {
    expect(["esx-0", "esx-1", "esx-10", "rack-a-esx-4"].map(hostNameFromPod)).toEqual(["esx-01", "esx-02", "esx-11", "rack-a-esx-05"]);
    expect(hostNameFromPod("management-7d9f")).toBeUndefined();
  });

  it("takes NATS servers, credentials and TLS from flags; pnics and the data dir from flags or the environment", () => {
    const config = hostAgentConfig(["esx-01", "--nats", "nats://a:4222,nats://b:4222", "--nats-creds", "/c", "--nats-ca", "/ca"], {
      VDSIM_PNICS: "vmnic0, vmnic1, vmnic2",
      VDSIM_HOST_DATA_DIR: "/data",
    });
    expect(config).toEqual({
      nats: { servers: "nats://a:4222,nats://b:4222", credsFile: "/c", caFile: "/ca" },
      host: "esx-01",
      pnics: ["vmnic0", "vmnic1", "vmnic2"],
      dataDir: "/data",
    });
    expect(hostAgentConfig(["esx-01", "--pnics", "vmnic4", "--data-dir", "/d"], {})).toMatchObject({ pnics: ["vmnic4"], dataDir: "/d" });
  });

  it("refuses a missing host name, a pod name without ordinal and unknown flags with the usage", () => {
    expect(() => hostAgentConfig([], {})).toThrow(/no host name given/);
    expect(() => hostAgentConfig([], { VDSIM_POD_NAME: "agent" })).toThrow(/pod name "agent" ends in no ordinal/);
    expect(() => hostAgentConfig(["esx-01", "--bogus"], {})).toThrow(UsageError);
  });
});
