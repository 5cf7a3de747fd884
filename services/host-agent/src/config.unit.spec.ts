import { describe, expect, it } from "vitest";
import { UsageError } from "@vdsim/runtime";
import { hostAgentConfig, hostNameFromPod, parseHostList } from "./config.js";

const names = (argv: string[], env: NodeJS.ProcessEnv = {}): string[] => hostAgentConfig(argv, env).hosts.map((h) => h.host);

describe("host agent settings", () => {
  it("names the host from --host, the argument, VDSIM_HOST, then the pod name, in that order", () => {
    const env = { VDSIM_HOST: "esx-07", VDSIM_POD_NAME: "esx-2" };
    expect(names(["--host", "esx-09", "esx-08"], env)).toEqual(["esx-09"]);
    expect(names(["esx-08"], env)).toEqual(["esx-08"]);
    expect(names([], env)).toEqual(["esx-07"]);
    expect(names([], { VDSIM_POD_NAME: "esx-2" })).toEqual(["esx-03"]);
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
      hosts: [{ host: "esx-01", dataDir: "/data" }],
      pnics: ["vmnic0", "vmnic1", "vmnic2"],
    });
    expect(hostAgentConfig(["esx-01", "--pnics", "vmnic4", "--data-dir", "/d"], {})).toMatchObject({ pnics: ["vmnic4"], hosts: [{ host: "esx-01", dataDir: "/d" }] });
  });

  it("refuses a missing host name, a pod name without ordinal and unknown flags with the usage", () => {
    expect(() => hostAgentConfig([], {})).toThrow(/no host name given/);
    expect(() => hostAgentConfig([], { VDSIM_POD_NAME: "agent" })).toThrow(/pod name "agent" ends in no ordinal/);
    expect(() => hostAgentConfig(["esx-01", "--bogus"], {})).toThrow(UsageError);
  });
});

describe("a rack: several hosts in one process", () => {
  it("reads names and ranges, keeping a range's prefix and zero padding", () => {
    expect(parseHostList("esx-01..esx-03, esx-09")).toEqual(["esx-01", "esx-02", "esx-03", "esx-09"]);
    expect(parseHostList("esx-098..100")).toEqual(["esx-098", "esx-099", "esx-100"]);
    expect(parseHostList("esx-99..esx-101")).toEqual(["esx-99", "esx-100", "esx-101"]);
  });

  it("takes --hosts, else VDSIM_HOSTS, else a pod's ordinal times VDSIM_HOSTS_PER_PROCESS", () => {
    expect(names(["--hosts", "esx-01..esx-04"])).toEqual(["esx-01", "esx-02", "esx-03", "esx-04"]);
    expect(names([], { VDSIM_HOSTS: "esx-05,esx-06" })).toEqual(["esx-05", "esx-06"]);
    // pod rack... esx-2 with 50 hosts each runs esx-101..esx-150, the hosts after pods esx-0 and esx-1
    const pod = names([], { VDSIM_POD_NAME: "esx-2", VDSIM_HOSTS_PER_PROCESS: "50" });
    expect([pod.length, pod[0], pod.at(-1)]).toEqual([50, "esx-101", "esx-150"]);
  });

  it("gives each host a folder under --data-root, and refuses --data-dir for several hosts", () => {
    expect(hostAgentConfig(["--hosts", "esx-01,esx-02", "--data-root", "/var/vdsim"], {}).hosts).toEqual([
      { host: "esx-01", dataDir: "/var/vdsim/esx-01" },
      { host: "esx-02", dataDir: "/var/vdsim/esx-02" },
    ]);
    expect(hostAgentConfig([], { VDSIM_HOSTS: "esx-01,esx-02", VDSIM_HOSTS_DATA_ROOT: "/r" }).hosts[1]).toEqual({ host: "esx-02", dataDir: "/r/esx-02" });
    expect(() => hostAgentConfig(["--hosts", "esx-01,esx-02", "--data-dir", "/d"], {})).toThrow(/--data-dir is one host's folder, and this process runs 2 hosts/);
  });

  it("refuses a host named twice, a reversed or mixed range, a bad name and an oversized rack, naming the problem", () => {
    expect(() => names(["--hosts", "esx-01,esx-02,esx-01"])).toThrow(/host "esx-01" is named twice/);
    expect(() => names(["--hosts", "esx-05..esx-02"])).toThrow(/ends before it starts/);
    expect(() => names(["--hosts", "esx-01..rack-05"])).toThrow(/mixes the prefixes/);
    expect(() => names(["--hosts", "esx 01"])).toThrow(/invalid host name "esx 01"/);
    expect(() => names(["--hosts", "esx-1..esx-900"])).toThrow(/at most 500 per process/);
    expect(() => names(["esx-01", "--hosts", "esx-02"])).toThrow(/a host name and --hosts: give one/);
    expect(() => names([], { VDSIM_POD_NAME: "esx-0", VDSIM_HOSTS_PER_PROCESS: "0" })).toThrow(/invalid VDSIM_HOSTS_PER_PROCESS "0"/);
  });
});
