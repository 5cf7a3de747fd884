import { VM_DEFAULTS, type VNic, type Vm } from "@vdsim/model";
import { array, bool, data, dateTime, enumValue, int, long, mor, mors, str, type MoRef, type VimValue } from "../soap/values.js";
import type { InventoryContext } from "./context.js";
import { description, entity } from "./entity.js";
import { stableUuid } from "./ids.js";
import type { ManagedObject } from "./managed-object.js";
import { REFS, portGroupRef } from "./refs.js";
import { presentationOf, type VmPresentation } from "../vms/vm-presentation.js";

/** The first vNIC's device key, as vCenter numbers them. */
const FIRST_NIC_KEY = 4000;
const GUEST_ID = "otherLinux64Guest";
const GUEST_FULL_NAME = "Other Linux (64-bit)";

/** Where a vNIC plugs in: the network object it is on, and its backing. */
function nicNetwork(ctx: InventoryContext, nic: VNic): { network: MoRef | undefined; backing: VimValue } {
  const vds = nic.vds === undefined ? undefined : ctx.state.switches[nic.vds];
  if (vds) {
    const pg = ctx.state.portGroups[nic.portgroup];
    const network = pg ? portGroupRef(pg.key) : undefined;
    return {
      network,
      backing: data("VirtualEthernetCardDistributedVirtualPortBackingInfo", {
        port: data("DistributedVirtualSwitchPortConnection", {
          switchUuid: str(ctx.switchUuid(vds)),
          portgroupKey: pg ? str(pg.key) : undefined,
          portKey: nic.portKey === undefined ? undefined : str(nic.portKey),
        }),
      }),
    };
  }
  const network = ctx.networkRef(nic.portgroup);
  return {
    network,
    backing: data("VirtualEthernetCardNetworkBackingInfo", { deviceName: str(nic.portgroup), useAutoDetect: bool(false), network: mor(network) }),
  };
}

/** A vNIC as config.hardware.device shows it: key 4000 + index, on PCI (controller 100) from slot 7, as vCenter places them. */
export function nicDevice(ctx: InventoryContext, nic: VNic, position: number, shown?: VmPresentation["nics"][number]): VimValue {
  const vds = nic.vds === undefined ? undefined : ctx.state.switches[nic.vds];
  return data(shown?.type ?? "VirtualVmxnet3", {
    key: int(FIRST_NIC_KEY + nic.index),
    deviceInfo: description(`Network adapter ${position + 1}`, vds ? `DVSwitch: ${ctx.switchUuid(vds)}` : nic.portgroup),
    backing: nicNetwork(ctx, nic).backing,
    connectable: data("VirtualDeviceConnectInfo", {
      startConnected: bool(shown?.startConnected ?? true),
      allowGuestControl: bool(shown?.allowGuestControl ?? true),
      connected: bool(true),
      status: str("ok"),
    }),
    controllerKey: int(100),
    unitNumber: int(7 + nic.index),
    addressType: str("assigned"),
    macAddress: str(nic.mac),
    wakeOnLanEnabled: bool(shown?.wakeOnLanEnabled ?? true),
  });
}

/** Each VM's object as last built, with what it was built from (per inventory context). */
const built = new WeakMap<InventoryContext, Map<string, { readonly from: string; readonly object: ManagedObject }>>();

/**
 * A VM's object, built again only when what it shows moved: the VM in the log, its host's
 * connection state and index, its port groups' keys and switches, what the API keeps beside the
 * log. An inventory rebuilt for each folded event then costs what changed, not every VM.
 */
export function vmObject(ctx: InventoryContext, vm: Vm): ManagedObject {
  const { state } = ctx;
  const nets = vm.nics.map((n) => `${state.portGroups[n.portgroup]?.key ?? ""}/${n.vds === undefined ? "" : (state.switches[n.vds]?.uplinkPortGroup.key ?? "")}`);
  const from = `${JSON.stringify(vm)}|${state.hosts[vm.host]?.index ?? ""}|${ctx.connectionState(vm.host)}|${ctx.localVersion}|${nets.join(",")}`;
  let byVm = built.get(ctx);
  if (!byVm) built.set(ctx, (byVm = new Map()));
  const last = byVm.get(vm.name);
  if (last?.from === from) return last.object;
  const object = buildVmObject(ctx, vm);
  byVm.set(vm.name, { from, object });
  return object;
}

function buildVmObject(ctx: InventoryContext, vm: Vm): ManagedObject {
  const ref = ctx.vmRef(vm.name);
  const host = ctx.hostRef(vm.host);
  const uuid = stableUuid(`vm:${vm.name}`);
  const instanceUuid = stableUuid(`vm-instance:${vm.name}`);
  const memoryMB = vm.memoryMB ?? VM_DEFAULTS.memoryMB;
  const shown = presentationOf(ctx, vm);
  const numCPU = shown?.numCPUs ?? 1;
  const guestId = shown?.guestId ?? GUEST_ID;
  const vmPathName = `[datastore1] ${vm.name}/${vm.name}.vmx`;
  const networks = [...new Map(vm.nics.map((n) => nicNetwork(ctx, n).network).filter((n): n is MoRef => n !== undefined).map((n) => [n.value, n])).values()];
  const connected = host !== undefined && ctx.connectionState(vm.host) === "connected";
  const runtime = data("VirtualMachineRuntimeInfo", {
    host: host && mor(host),
    connectionState: enumValue("VirtualMachineConnectionState", connected ? "connected" : "disconnected"),
    powerState: enumValue("VirtualMachinePowerState", "poweredOn"),
    faultToleranceState: enumValue("VirtualMachineFaultToleranceState", "notConfigured"),
    toolsInstallerMounted: bool(false),
    bootTime: dateTime(ctx.bootTime),
    maxMemoryUsage: int(memoryMB),
    numMksConnections: int(0),
    recordReplayState: enumValue("VirtualMachineRecordReplayState", "inactive"),
    onlineStandby: bool(false),
    consolidationNeeded: bool(false),
  });
  const config = data("VirtualMachineConfigInfo", {
    changeVersion: str(ctx.bootTime.toISOString()),
    modified: dateTime(ctx.bootTime),
    name: str(vm.name),
    guestFullName: str(GUEST_FULL_NAME),
    version: str("vmx-14"),
    uuid: str(uuid),
    instanceUuid: str(instanceUuid),
    template: bool(false),
    guestId: str(guestId),
    alternateGuestName: str(""),
    files: data("VirtualMachineFileInfo", { vmPathName: str(vmPathName) }),
    flags: data("VirtualMachineFlagInfo", {}),
    defaultPowerOps: data("VirtualMachineDefaultPowerOpInfo", {}),
    hardware: data("VirtualHardware", {
      numCPU: int(numCPU),
      numCoresPerSocket: int(1),
      memoryMB: int(memoryMB),
      device: array("VirtualDevice", vm.nics.map((nic, i) => nicDevice(ctx, nic, i, shown?.nics[i]))),
    }),
  });
  return entity(ref, vm.name, REFS.vmFolder, {
    resourcePool: mor(REFS.resourcePool),
    runtime,
    config,
    network: mors(networks),
    datastore: mors([]),
    summary: data("VirtualMachineSummary", {
      vm: mor(ref),
      runtime,
      config: data("VirtualMachineConfigSummary", {
        name: str(vm.name),
        template: bool(false),
        vmPathName: str(vmPathName),
        memorySizeMB: int(memoryMB),
        numCpu: int(numCPU),
        numEthernetCards: int(vm.nics.length),
        numVirtualDisks: int(0),
        uuid: str(uuid),
        instanceUuid: str(instanceUuid),
        guestId: str(guestId),
        guestFullName: str(GUEST_FULL_NAME),
      }),
      quickStats: data("VirtualMachineQuickStats", { uptimeSeconds: long(0) }),
      overallStatus: enumValue("ManagedEntityStatus", "green"),
    }),
  });
}
