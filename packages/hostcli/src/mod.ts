export { parseHostCli } from "./parse.js";
export { renderHostCli, renderHostCliError, renderPing, renderQuery } from "./render/render.js";
export { ESXCLI_FORMATTERS, HostCliError, isHostCliError } from "./request.js";
export { formatEsxcli } from "./render/formatter.js";
export { get, list, structure, unable } from "./render/structured.js";
export { renderDistributedSwitchList } from "./render/distributed.js";
export { renderPhysicalNicList, renderVmNetworkList } from "./render/inventory.js";
export { renderIpv4Routes, renderNeighbors, renderNetstacks, renderVmkNicTags } from "./render/netstack.js";
export { renderPhysicalNic, renderVmPorts } from "./render/ports.js";
export {
  renderStandardPortGroupList,
  renderStandardPortGroupPolicy,
  renderStandardSwitchList,
  renderStandardSwitchPolicy,
} from "./render/standard.js";
export { renderCheck, renderSwitchTable } from "./render/vicfg-vswitch.js";
export { renderVmkNicIpv4, renderVmkNicList, renderVmkNicTable } from "./render/vmkernel.js";

export type {
  EsxcliAnswer,
  EsxcliField,
  EsxcliGet,
  EsxcliList,
  EsxcliListLayout,
  EsxcliStructure,
  EsxcliStructureList,
  EsxcliValue,
  FieldEntry,
} from "./render/structured.js";
export type {
  EsxcliFormatter,
  HostCliOutput,
  HostCliRequest,
  HostCliResult,
  HostCliTool,
  HostObservations,
  HostQuery,
  PingReply,
  PingSendFailure,
  PolicySection,
  VmkNeighbor,
  VnicPortObservation,
} from "./request.js";
