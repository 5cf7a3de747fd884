import type { Host } from "@vdsim/model";
import { stableUuid } from "../inventory/ids.js";
import { array, bool, data, int, long, str, type DataValue, type VimValue } from "../soap/values.js";

/**
 * A host's hardware as tools read it (summary.hardware, hardware): vdsim simulates networking only,
 * so every host is the same small 2-socket box. Only what the schema requires, stable per host.
 */
const short = (n: number): VimValue => ({ kind: "primitive", xsd: "short", value: String(n) });
const VENDOR = "VMware, Inc.";
const MODEL = "VMware Virtual Platform (vdsim)";
const CPU = "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz";
const HZ = 2_400_000_000;
const MEMORY = 32 * 1024 ** 3;
const PACKAGES = 2;
const CORES_PER_PACKAGE = 4;

const hostUuid = (h: Host): string => stableUuid(`host:${h.name}`);

export function hardwareSummary(h: Host): DataValue {
  return data("HostHardwareSummary", {
    vendor: str(VENDOR),
    model: str(MODEL),
    uuid: str(hostUuid(h)),
    memorySize: long(MEMORY),
    cpuModel: str(CPU),
    cpuMhz: int(HZ / 1_000_000),
    numCpuPkgs: short(PACKAGES),
    numCpuCores: short(PACKAGES * CORES_PER_PACKAGE),
    numCpuThreads: short(PACKAGES * CORES_PER_PACKAGE),
    numNics: int(h.pnics.length),
    numHBAs: int(1),
  });
}

export function hardwareInfo(h: Host): DataValue {
  return data("HostHardwareInfo", {
    systemInfo: data("HostSystemInfo", { vendor: str(VENDOR), model: str(MODEL), uuid: str(hostUuid(h)) }),
    cpuInfo: data("HostCpuInfo", { numCpuPackages: short(PACKAGES), numCpuCores: short(PACKAGES * CORES_PER_PACKAGE), numCpuThreads: short(PACKAGES * CORES_PER_PACKAGE), hz: long(HZ) }),
    cpuPkg: array(
      "HostCpuPackage",
      Array.from({ length: PACKAGES }, (_, i) =>
        data("HostCpuPackage", {
          index: short(i),
          vendor: str("intel"),
          hz: long(HZ),
          busHz: long(100_000_000),
          description: str(CPU),
          threadId: array("short", Array.from({ length: CORES_PER_PACKAGE }, (_, t) => short(i * CORES_PER_PACKAGE + t))),
        }),
      ),
    ),
    memorySize: long(MEMORY),
    smcPresent: bool(false),
  });
}
