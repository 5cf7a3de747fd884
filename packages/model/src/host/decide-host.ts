import type { DomainEvent } from "../events.js";
import { assertNever } from "../evolve.js";
import type { ClusterState } from "../state.js";
import type { HostCommand } from "./commands.js";
import {
  addStandardPortGroup,
  addStandardPortGroupUplink,
  removeStandardPortGroup,
  removeStandardPortGroupUplink,
  setStandardPortGroupPolicy,
  setStandardPortGroupVlan,
} from "./decide-portgroups.js";
import {
  addProxySwitchUplink,
  addStandardSwitch,
  addStandardSwitchUplink,
  removeProxySwitchUplink,
  removeStandardSwitch,
  removeStandardSwitchUplink,
  setStandardSwitch,
  setStandardSwitchPolicy,
} from "./decide-switches.js";
import { addVmkNic, removeVmkNic, setVmkNic, setVmkNicIpv4, setVmkNicServices } from "./decide-vmknics.js";
import { addIpv4Route, removeIpv4Route } from "./decide-routes.js";
import { requireKnownHost } from "./guards.js";

/**
 * The host decider: validates a command about the host's own networking against the state and
 * returns the one event it causes (none when it is already in effect). Throws DomainError otherwise.
 */
export function decideHost(command: HostCommand, state: ClusterState, host: string): DomainEvent[] {
  const h = requireKnownHost(state, host);
  switch (command.type) {
    case "AddStandardSwitch":
      return addStandardSwitch(h, command.vswitch, command.numPorts, command.mtu);
    case "RemoveStandardSwitch":
      return removeStandardSwitch(state, h, command.vswitch);
    case "SetStandardSwitch":
      return setStandardSwitch(state, h, command.vswitch, command.numPorts, command.mtu, command.cdpStatus);
    case "AddStandardSwitchUplink":
      return addStandardSwitchUplink(state, h, command.vswitch, command.uplink);
    case "RemoveStandardSwitchUplink":
      return removeStandardSwitchUplink(h, command.vswitch, command.uplink);
    case "SetStandardSwitchPolicy":
      return setStandardSwitchPolicy(h, command.vswitch, command.patch);
    case "AddStandardPortGroup":
      return addStandardPortGroup(h, command.vswitch, command.portgroup, command.vlan);
    case "RemoveStandardPortGroup":
      return removeStandardPortGroup(state, h, command.portgroup, command.vswitch);
    case "SetStandardPortGroupVlan":
      return setStandardPortGroupVlan(h, command.portgroup, command.vlan, command.vswitch);
    case "SetStandardPortGroupPolicy":
      return setStandardPortGroupPolicy(h, command.portgroup, command.patch);
    case "AddStandardPortGroupUplink":
      return addStandardPortGroupUplink(h, command.portgroup, command.uplink, command.vswitch);
    case "RemoveStandardPortGroupUplink":
      return removeStandardPortGroupUplink(h, command.portgroup, command.uplink, command.vswitch);
    case "AddVmkNic":
      return addVmkNic(state, h, command.vmknic, command.target, command.ipv4, command.mtu);
    case "RemoveVmkNic":
      return removeVmkNic(h, command.vmknic);
    case "SetVmkNic":
      return setVmkNic(h, command.vmknic, command.enabled, command.mtu);
    case "SetVmkNicIpv4":
      return setVmkNicIpv4(h, command.vmknic, command.ipv4);
    case "SetVmkNicServices": {
      const { type: _type, vmknic, ...patch } = command;
      return setVmkNicServices(h, vmknic, patch);
    }
    case "AddProxySwitchUplink":
      return addProxySwitchUplink(state, h, command.vds, command.uplink, command.pnic);
    case "RemoveProxySwitchUplink":
      return removeProxySwitchUplink(state, h, command.vds, command.uplink, command.pnic);
    case "AddIpv4Route":
      return addIpv4Route(h, command.network, command.netmask, command.gateway);
    case "RemoveIpv4Route":
      return removeIpv4Route(h, command.network, command.netmask, command.gateway);
    default:
      return assertNever(command);
  }
}
