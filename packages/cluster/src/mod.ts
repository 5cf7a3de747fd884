export { down, recordedPids, restartHost, restartManagement, up } from "./launcher.js";
export { startCluster } from "./start-cluster.js";
export { VSPHERE_USER, startVsphereApi } from "./vsphere-process.js";
export { embeddedNatsUsers } from "./embedded-nats.js";
export { MAX_HOSTS, hostProcesses, processOfHost, recordedHostProcesses } from "./host-processes.js";
export { validPlantedBugs } from "./planted.js";
export { ClusterNotFoundError, attachCluster, connectTo, locateCluster } from "./locate.js";
export { embeddedNats, hostName, natsAccess, natsAccessAs, readClusterRecord, resolveStateDir, stateLayout, writeClusterRecord } from "./files.js";

export type { UpOptions } from "./launcher.js";
export type { HostProcess } from "./host-processes.js";
export type { ClusterHandle, StartClusterOptions } from "./start-cluster.js";
export type { AttachedCluster, ClusterLocation, LocatedCluster } from "./locate.js";
export type { ClusterRecord, NatsAccess, NatsNodeRecord, NatsUserFiles, NatsUserName, VsphereApiRecord } from "./files.js";
