/**
 * The part of the vim25 schema the property collector needs: which managed object type extends
 * which, and the properties each type has (from pyVmomi's ServerObjects for vim.version.version12).
 * A path whose first segment a type does not have is InvalidProperty; one it has but vdsim leaves
 * unset is simply not returned, as vCenter does for an unset property.
 */
const PARENT: Readonly<Record<string, string>> = {
  Folder: "ManagedEntity",
  Datacenter: "ManagedEntity",
  ComputeResource: "ManagedEntity",
  ClusterComputeResource: "ComputeResource",
  HostSystem: "ManagedEntity",
  ResourcePool: "ManagedEntity",
  VirtualMachine: "ManagedEntity",
  Network: "ManagedEntity",
  DistributedVirtualPortgroup: "Network",
  DistributedVirtualSwitch: "ManagedEntity",
  VmwareDistributedVirtualSwitch: "DistributedVirtualSwitch",
  Datastore: "ManagedEntity",
  ContainerView: "ManagedObjectView",
  ListView: "ManagedObjectView",
  ManagedObjectView: "View",
  Task: "ExtensibleManagedObject",
  EventHistoryCollector: "HistoryCollector",
  TaskHistoryCollector: "HistoryCollector",
  HostNetworkSystem: "ExtensibleManagedObject",
  HostVirtualNicManager: "ExtensibleManagedObject",
  VmwareDistributedVirtualSwitchManager: "DistributedVirtualSwitchManager",
};

const MANAGED_ENTITY = [
  "parent", "customValue", "overallStatus", "configStatus", "configIssue", "effectiveRole", "permission", "name", "disabledMethod",
  "recentTask", "declaredAlarmState", "triggeredAlarmState", "alarmActionsEnabled", "tag", "value", "availableField",
];

const OWN_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  ServiceInstance: ["serverClock", "capability", "content"],
  SessionManager: ["sessionList", "currentSession", "message", "messageLocaleList", "supportedLocaleList", "defaultLocale"],
  PropertyCollector: ["filter"],
  ViewManager: ["viewList"],
  View: [],
  ManagedObjectView: ["view"],
  ContainerView: ["container", "type", "recursive"],
  ListView: [],
  PropertyFilter: ["spec", "partialUpdates"],
  ExtensibleManagedObject: ["value", "availableField"],
  Task: ["info"],
  TaskManager: ["recentTask", "description", "maxCollector"],
  EventManager: ["description", "latestEvent", "maxCollector"],
  HistoryCollector: ["filter"],
  EventHistoryCollector: ["latestPage"],
  TaskHistoryCollector: ["latestPage"],
  DistributedVirtualSwitchManager: [],
  VmwareDistributedVirtualSwitchManager: [],
  HostNetworkSystem: ["capabilities", "networkInfo", "offloadCapabilities", "networkConfig", "dnsConfig", "ipRouteConfig", "consoleIpRouteConfig"],
  HostVirtualNicManager: ["info"],
  ManagedEntity: MANAGED_ENTITY,
  Folder: ["childType", "childEntity"],
  Datacenter: ["vmFolder", "hostFolder", "datastoreFolder", "networkFolder", "datastore", "network", "configuration"],
  ComputeResource: ["resourcePool", "host", "datastore", "network", "summary", "environmentBrowser", "configurationEx"],
  ClusterComputeResource: ["configuration", "recommendation", "drsRecommendation", "hciConfig", "migrationHistory", "actionHistory", "drsFault"],
  HostSystem: [
    "runtime", "summary", "hardware", "capability", "licensableResource", "remediationState", "precheckRemediationResult", "remediationResult",
    "complianceCheckState", "complianceCheckResult", "configManager", "config", "vm", "datastore", "network", "datastoreBrowser", "systemResources",
    "answerFileValidationState", "answerFileValidationResult",
  ],
  ResourcePool: ["summary", "runtime", "owner", "resourcePool", "vm", "config", "childConfiguration"],
  VirtualMachine: [
    "capability", "config", "layout", "layoutEx", "storage", "environmentBrowser", "resourcePool", "parentVApp", "resourceConfig", "runtime", "guest",
    "summary", "datastore", "network", "snapshot", "rootSnapshot", "guestHeartbeatStatus",
  ],
  Network: ["summary", "host", "vm"],
  DistributedVirtualPortgroup: ["key", "config", "portKeys"],
  DistributedVirtualSwitch: ["uuid", "capability", "summary", "config", "networkResourcePool", "portgroup", "runtime"],
  VmwareDistributedVirtualSwitch: [],
  Datastore: ["info", "summary", "host", "vm", "browser", "capability", "iormConfiguration"],
};

/** The type and its ancestors, nearest first: ClusterComputeResource, ComputeResource, ManagedEntity. */
export function typeChain(type: string): string[] {
  const chain: string[] = [];
  for (let t: string | undefined = type; t !== undefined; t = PARENT[t]) chain.push(t);
  return chain;
}

/** Whether an object of `type` is a `base` (a PropertySpec's or TraversalSpec's type matches its subtypes). */
export function isA(type: string, base: string): boolean {
  return typeChain(type).includes(base);
}

/** Every property of a type, inherited ones included; undefined for a type vdsim does not know. */
export function propertiesOf(type: string): readonly string[] | undefined {
  if (!(type in OWN_PROPERTIES)) return undefined;
  return typeChain(type).flatMap((t) => OWN_PROPERTIES[t] ?? []);
}

export function hasProperty(type: string, name: string): boolean {
  return propertiesOf(type)?.includes(name) ?? false;
}
