import { moRef, type MoRef } from "../soap/values.js";

/** The references that never change: the service's singletons and the inventory's fixed frame. */
export const REFS = {
  serviceInstance: moRef("ServiceInstance", "ServiceInstance"),
  propertyCollector: moRef("PropertyCollector", "propertyCollector"),
  viewManager: moRef("ViewManager", "ViewManager"),
  sessionManager: moRef("SessionManager", "SessionManager"),
  eventManager: moRef("EventManager", "EventManager"),
  taskManager: moRef("TaskManager", "TaskManager"),
  dvSwitchManager: moRef("DistributedVirtualSwitchManager", "DVSManager"),
  searchIndex: moRef("SearchIndex", "SearchIndex"),
  userDirectory: moRef("UserDirectory", "UserDirectory"),
  authorizationManager: moRef("AuthorizationManager", "AuthorizationManager"),
  customFieldsManager: moRef("CustomFieldsManager", "CustomFieldsManager"),
  setting: moRef("OptionManager", "VpxSettings"),
  licenseManager: moRef("LicenseManager", "LicenseManager"),
  perfManager: moRef("PerformanceManager", "PerfMgr"),
  rootFolder: moRef("Folder", "group-d1"),
  datacenter: moRef("Datacenter", "datacenter-2"),
  vmFolder: moRef("Folder", "group-v3"),
  hostFolder: moRef("Folder", "group-h4"),
  networkFolder: moRef("Folder", "group-n5"),
  datastoreFolder: moRef("Folder", "group-s6"),
  cluster: moRef("ClusterComputeResource", "domain-c7"),
  resourcePool: moRef("ResourcePool", "resgroup-8"),
} as const satisfies Record<string, MoRef>;

export const DATACENTER_NAME = "vdsim-dc";
export const CLUSTER_NAME = "vdsim-cluster";

/** host-N from the host's index: a host keeps its reference for the life of the log. */
export const hostRef = (index: number): MoRef => moRef("HostSystem", `host-${index + 10}`);
export const vmRef = (id: number): MoRef => moRef("VirtualMachine", `vm-${id}`);
export const networkRef = (id: number): MoRef => moRef("Network", `network-${id}`);
/** a distributed port group's reference is its key in the log, as vCenter's is */
export const portGroupRef = (key: string): MoRef => moRef("DistributedVirtualPortgroup", key);
export const switchRef = (uplinkPortGroupKey: string): MoRef => moRef("VmwareDistributedVirtualSwitch", `dvs-${uplinkPortGroupKey.replace(/^dvportgroup-/, "")}`);
