import { hostRealizedConfig, type Host } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { GREEN, RED, entity } from "../inventory/entity.js";
import type { ManagedObject } from "../inventory/managed-object.js";
import { REFS, portGroupRef } from "../inventory/refs.js";
import { array, bool, data, dateTime, enumValue, int, long, mor, mors, str, strings, type DataValue, type MoRef } from "../soap/values.js";
import { hardwareInfo, hardwareSummary } from "./hardware.js";
import { DATASTORE_NAME, datastoreRef, networkSystemRef, virtualNicManagerRef } from "./host-refs.js";
import { networkInfo, standardPorts, type StandardPort } from "./network-info.js";
import { virtualNicManagerInfo, vmotionInfo } from "./nic-types.js";

/** What each host says it runs: ESXi 6.7 (the version vdsim's host tools mimic). */
const PRODUCT = data("AboutInfo", {
  name: str("VMware ESXi"),
  fullName: str("VMware ESXi 6.7.0 build-8169922 (vdsim host agent)"),
  vendor: str("VMware, Inc."),
  version: str("6.7.0"),
  build: str("8169922"),
  localeVersion: str("INTL"),
  localeBuild: str("000"),
  osType: str("vmnix-x86"),
  productLineId: str("embeddedEsx"),
  apiType: str("HostAgent"),
  apiVersion: str("6.7"),
  licenseProductName: str("VMware ESX Server"),
  licenseProductVersion: str("6.0"),
});

const CAPABILITIES = data("HostNetCapabilities", {
  canSetPhysicalNicLinkSpeed: bool(false),
  supportsNicTeaming: bool(true),
  nicTeamingPolicy: strings(["loadbalance_ip", "loadbalance_srcmac", "loadbalance_srcid", "failover_explicit"]),
  supportsVlan: bool(true),
  usesServiceConsoleNic: bool(false),
  supportsNetworkHints: bool(false),
  maxPortGroupsPerVswitch: int(512),
  vswitchConfigSupported: bool(true),
  vnicConfigSupported: bool(true),
  ipRouteConfigSupported: bool(true),
  dnsConfigSupported: bool(false),
  dhcpOnVnicSupported: bool(false),
  ipV6Supported: bool(false),
});

const OFFLOAD = data("HostNetOffloadCapabilities", { csumOffload: bool(true), tcpSegmentation: bool(true), zeroCopyXmit: bool(true) });

/** 100 GiB of local VMFS, a quarter used: vdsim has no storage, only the datastore tools expect to find. */
const CAPACITY = 100 * 1024 ** 3;
const FREE = 75 * 1024 ** 3;

function hostSystem(ctx: InventoryContext, h: Host, ref: MoRef, network: DataValue, nicInfo: DataValue, ports: readonly StandardPort[]): ManagedObject {
  const state = ctx.connectionState(h.name);
  const vms = Object.values(ctx.state.vms).filter((vm) => vm.host === h.name).map((vm) => ctx.vmRef(vm.name));
  const switches = Object.values(ctx.state.switches).filter((s) => h.name in s.members);
  const networks = [
    ...Object.keys(h.standardPortGroups).map((pg) => ctx.networkRef(pg)),
    ...switches.flatMap((s) => [portGroupRef(s.uplinkPortGroup.key), ...Object.values(ctx.state.portGroups).filter((pg) => pg.vds === s.name).map((pg) => portGroupRef(pg.key))]),
  ];
  const runtime = data("HostRuntimeInfo", {
    connectionState: enumValue("HostSystemConnectionState", state),
    powerState: enumValue("HostSystemPowerState", state === "connected" ? "poweredOn" : "unknown"),
    inMaintenanceMode: bool(false),
    inQuarantineMode: bool(false),
    bootTime: dateTime(ctx.bootTime),
  });
  const vmotionEnabled = Object.values(h.vmknics).some((v) => v.services.vmotion);
  return entity(
    ref,
    h.name,
    REFS.cluster,
    {
      runtime,
      summary: data("HostListSummary", {
        host: mor(ref),
        hardware: hardwareSummary(h),
        runtime,
        config: data("HostConfigSummary", { name: str(h.name), port: int(443), product: PRODUCT, vmotionEnabled: bool(vmotionEnabled), faultToleranceEnabled: bool(false) }),
        quickStats: data("HostListSummaryQuickStats", {}),
        overallStatus: state === "connected" ? GREEN : RED,
        rebootRequired: bool(false),
      }),
      config: data("HostConfigInfo", {
        host: mor(ref),
        product: PRODUCT,
        network,
        vmotion: vmotionInfo(ctx, h, ports),
        virtualNicManagerInfo: nicInfo,
        capabilities: CAPABILITIES,
        offloadCapabilities: OFFLOAD,
      }),
      hardware: hardwareInfo(h),
      configManager: data("HostConfigManager", { networkSystem: mor(networkSystemRef(ref)), virtualNicManager: mor(virtualNicManagerRef(ref)) }),
      vm: mors(vms),
      network: mors(networks),
      datastore: mors([datastoreRef(h)]),
    },
    state === "connected" ? GREEN : RED,
  );
}

function datastore(ctx: InventoryContext, h: Host, host: MoRef): ManagedObject {
  const ref = datastoreRef(h);
  const url = `ds:///vmfs/volumes/${ref.value}/`;
  const vms = Object.values(ctx.state.vms).filter((vm) => vm.host === h.name).map((vm) => ctx.vmRef(vm.name));
  const accessible = ctx.connectionState(h.name) === "connected";
  return entity(ref, DATASTORE_NAME, REFS.datastoreFolder, {
    summary: data("DatastoreSummary", {
      datastore: mor(ref),
      name: str(DATASTORE_NAME),
      url: str(url),
      capacity: long(CAPACITY),
      freeSpace: long(FREE),
      uncommitted: long(0),
      accessible: bool(accessible),
      multipleHostAccess: bool(false),
      type: str("VMFS"),
      maintenanceMode: str("normal"),
    }),
    info: data("LocalDatastoreInfo", {
      name: str(DATASTORE_NAME),
      url: str(url),
      freeSpace: long(FREE),
      maxFileSize: long(62 * 1024 ** 4),
      maxVirtualDiskCapacity: long(62 * 1024 ** 4),
      maxMemoryFileSize: long(62 * 1024 ** 4),
      timestamp: dateTime(ctx.bootTime),
      path: str(`/vmfs/volumes/${ref.value}`),
    }),
    capability: data("DatastoreCapability", {
      directoryHierarchySupported: bool(true),
      rawDiskMappingsSupported: bool(false),
      perFileThinProvisioningSupported: bool(true),
      storageIORMSupported: bool(false),
      nativeSnapshotSupported: bool(false),
    }),
    host: array("DatastoreHostMount", [
      data("DatastoreHostMount", { key: mor(host), mountInfo: data("HostMountInfo", { path: str(`/vmfs/volumes/${ref.value}`), accessMode: str("readWrite"), mounted: bool(true), accessible: bool(accessible) }) }),
    ]),
    vm: mors(vms),
  });
}

function networkSystem(host: MoRef, info: DataValue): ManagedObject {
  return {
    ref: networkSystemRef(host),
    props: {
      capabilities: CAPABILITIES,
      networkInfo: info,
      offloadCapabilities: OFFLOAD,
      // the host's network as a config would re-create it: vdsim keeps none beyond networkInfo
      networkConfig: data("HostNetworkConfig", {}),
      ipRouteConfig: info.props["ipRouteConfig"],
    },
  };
}

/** A host's objects: the HostSystem, its HostNetworkSystem and HostVirtualNicManager, its datastore1. */
export function hostObjects(ctx: InventoryContext, h: Host): ManagedObject[] {
  const ref = ctx.hostRef(h.name);
  if (!ref) return [];
  // built once: the host's config.network is its HostNetworkSystem's networkInfo
  const view = hostRealizedConfig(ctx.state, h.name);
  const ports = standardPorts(view);
  const network = networkInfo(ctx, h, view);
  const nicInfo = virtualNicManagerInfo(ctx, h, ports);
  return [
    hostSystem(ctx, h, ref, network, nicInfo, ports),
    networkSystem(ref, network),
    { ref: virtualNicManagerRef(ref), props: { info: nicInfo } },
    datastore(ctx, h, ref),
  ];
}

/** Every host's datastore1, for the datastore folder, the datacenter and the cluster. */
export function datastoreRefs(ctx: InventoryContext): MoRef[] {
  return Object.values(ctx.state.hosts).map(datastoreRef);
}
