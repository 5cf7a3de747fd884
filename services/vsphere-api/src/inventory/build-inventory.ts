import { datastoreRefs, hostObjects } from "../hosts/host-objects.js";
import { mor, mors, strings, type MoRef } from "../soap/values.js";
import type { InventoryContext } from "./context.js";
import { entity } from "./entity.js";
import { ObjectMap, type ManagedObject } from "./managed-object.js";
import { portGroupObject, standardNetworkObjects, switchObject, uplinkPortGroupObject } from "./network-objects.js";
import { CLUSTER_NAME, DATACENTER_NAME, REFS } from "./refs.js";
import { vmObject } from "./vm-objects.js";

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

  // each host with its HostNetworkSystem, HostVirtualNicManager and datastore1; the HostSystem comes first
  const hosts = Object.values(state.hosts).flatMap((h) => hostObjects(ctx, h).map(add).slice(0, 1));
  const datastores = datastoreRefs(ctx);
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
      datastore: mors(datastores),
      network: mors(networks),
    }),
  );
  add(folder(REFS.hostFolder, "host", REFS.datacenter, ["Folder", "ComputeResource"], [REFS.cluster]));
  add(folder(REFS.vmFolder, "vm", REFS.datacenter, ["Folder", "VirtualMachine", "VirtualApp"], vms));
  add(folder(REFS.networkFolder, "network", REFS.datacenter, ["Folder", "Network", "DistributedVirtualSwitch"], networkChildren));
  add(folder(REFS.datastoreFolder, "datastore", REFS.datacenter, ["Folder", "Datastore", "StoragePod"], datastores));
  add(
    entity(REFS.cluster, CLUSTER_NAME, REFS.hostFolder, {
      host: mors(hosts),
      resourcePool: mor(REFS.resourcePool),
      network: mors(networks),
      datastore: mors(datastores),
    }),
  );
  add(entity(REFS.resourcePool, "Resources", REFS.cluster, { owner: mor(REFS.cluster), vm: mors(vms), resourcePool: mors([]) }));
  return objects;
}
