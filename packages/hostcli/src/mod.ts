export { parseHostCli } from "./parse.js";
export { renderHostCli, renderHostCliError, renderPing, renderQuery } from "./render/render.js";
export { HostCliError, isHostCliError } from "./request.js";
export { renderDistributedSwitchList } from "./render/distributed.js";
export { renderPhysicalNicList, renderVmNetworkList } from "./render/inventory.js";
export {
  renderStandardPortGroupList,
  renderStandardPortGroupPolicy,
  renderStandardSwitchList,
  renderStandardSwitchPolicy,
} from "./render/standard.js";
export { renderCheck, renderSwitchTable } from "./render/vicfg-vswitch.js";
export { renderVmkNicIpv4, renderVmkNicList, renderVmkNicTable } from "./render/vmkernel.js";

export type {
  HostCliOutput,
  HostCliRequest,
  HostCliResult,
  HostCliTool,
  HostQuery,
  PingReply,
  PingSendFailure,
  PolicySection,
} from "./request.js";
