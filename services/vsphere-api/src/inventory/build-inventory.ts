import type { Host } from "@vdsim/model";
import { bool, data, dateTime, enumValue, int, mor, mors, str, strings, type MoRef } from "../soap/values.js";
import type { InventoryContext } from "./context.js";
import { GREEN, RED, entity } from "./entity.js";
import { ObjectMap, type ManagedObject } from "./managed-object.js";
import { portGroupObject, standardNetworkObjects, switchObject, uplinkPortGroupObject } from "./network-objects.js";
import { CLUSTER_NAME, DATACENTER_NAME, REFS, portGroupRef } from "./refs.js";
import { vmObject } from "./vm-objects.js";

function hostObject(ctx: InventoryContext, host: Host, ref: MoRef): ManagedObject {
  const state = ctx.connectionState(host.name);
  const vms = Object.values(ctx.state.vms).filter((vm) => vm.host === host.name).map((vm) => ctx.vmRef(vm.name));
  const switches = Object.values(ctx.state.switches).filter((s) => host.name in s.members);
  const networks = [
    ...Object.keys(host.standardPortGroups).map((pg) => ctx.networkRef(pg)),
    ...switches.flatMap((s) => [portGroupRef(s.uplinkPortGroup.key), ...Object.values(ctx.state.portGroups).filter((pg) => pg.vds === s.name).map((pg) => portGroupRef(pg.key))]),
  ];
  const runtime = data("HostRuntimeInfo", {
    connectionState: enumValue("HostSystemConnectionState", state),
    powerState: enumValue("HostSystemPowerState", state === "connected" ? "poweredOn" : "unknown"),
    inMaintenanceMode: bool(false),
    inQuarantineMode: bool(false),
    bootTime: dateTime(ctx.bootTime),
  });
  const vmotionEnabled = Object.values(host.vmknics).some((v) => v.services.vmotion);
  return entity(
    ref,
    host.name,
    REFS.cluster,
    {
      runtime,
      summary: data("HostListSummary", {
        host: mor(ref),
        runtime,
        config: data("HostConfigSummary", { name: str(host.name), port: int(443), vmotionEnabled: bool(vmotionEnabled), faultToleranceEnabled: bool(false) }),
        quickStats: data("HostListSummaryQuickStats", {}),
        overallStatus: state === "connected" ? GREEN : RED,
        rebootRequired: bool(false),
      }),
      vm: mors(vms),
      network: mors(networks),
      datastore: mors([]),
    },
    state === "connected" ? GREEN : RED,
  );
}

function folder(ref: MoRef, name: string, parent: MoRef | undefined, childType: readonly string[], children: readonly MoRef[]): ManagedObject {
  return entity(ref, name, parent, { childType: strings(childType), childEntity: mors(children) });
}

/**
 * The inventory as vCenter shows it, from the folded log: rootFolder > vdsim-dc > host (one cluster
 * of every host, its resource pool), vm (every VM), network (each VDS, its port groups, a Network
 * per standard port group name), datastore.
 */
export function buildInventory(ctx: InventoryContext): ObjectMap {
  const objects = new ObjectMap();
  const add = (o: ManagedObject): MoRef => {
    objects.add(o);
    return o.ref;
  };
  const { state } = ctx;

  const hosts = Object.values(state.hosts).flatMap((h) => {
    const ref = ctx.hostRef(h.name);
    return ref ? [add(hostObject(ctx, h, ref))] : [];
  });
  const vms = Object.values(state.vms).map((vm) => add(vmObject(ctx, vm)));
  const networkChildren: MoRef[] = [];
  for (const network of standardNetworkObjects(ctx)) networkChildren.push(add(network));
  for (const vds of Object.values(state.switches)) {
    networkChildren.push(add(switchObject(ctx, vds)));
    networkChildren.push(add(uplinkPortGroupObject(ctx, vds)));
  }
  for (const pg of Object.values(state.portGroups)) {
    const o = portGroupObject(ctx, pg);
    if (o) networkChildren.push(add(o));
  }
  const networks = networkChildren.filter((r) => r.type !== "VmwareDistributedVirtualSwitch");

  add(folder(REFS.rootFolder, "Datacenters", undefined, ["Folder", "Datacenter"], [REFS.datacenter]));
  add(
    entity(REFS.datacenter, DATACENTER_NAME, REFS.rootFolder, {
      vmFolder: mor(REFS.vmFolder),
      hostFolder: mor(REFS.hostFolder),
      networkFolder: mor(REFS.networkFolder),
      datastoreFolder: mor(REFS.datastoreFolder),
      datastore: mors([]),
      network: mors(networks),
    }),
  );
  add(folder(REFS.hostFolder, "host", REFS.datacenter, ["Folder", "ComputeResource"], [REFS.cluster]));
  add(folder(REFS.vmFolder, "vm", REFS.datacenter, ["Folder", "VirtualMachine", "VirtualApp"], vms));
  add(folder(REFS.networkFolder, "network", REFS.datacenter, ["Folder", "Network", "DistributedVirtualSwitch"], networkChildren));
  add(folder(REFS.datastoreFolder, "datastore", REFS.datacenter, ["Folder", "Datastore", "StoragePod"], []));
  add(
    entity(REFS.cluster, CLUSTER_NAME, REFS.hostFolder, {
      host: mors(hosts),
      resourcePool: mor(REFS.resourcePool),
      network: mors(networks),
      datastore: mors([]),
    }),
  );
  add(entity(REFS.resourcePool, "Resources", REFS.cluster, { owner: mor(REFS.cluster), vm: mors(vms), resourcePool: mors([]) }));
  return objects;
}
