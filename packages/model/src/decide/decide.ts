import type { DecisionContext, ManagementCommand } from "../commands.js";
import type { DomainEvent } from "../events.js";
import { assertNever } from "../evolve.js";
import type { ClusterState } from "../state.js";
import { addPortGroup, removePortGroup, setPortGroupPolicy } from "./portgroups.js";
import { addHostToSwitch, createSwitch, reconfigureSwitch, registerHost, removeHostFromSwitch, removeSwitch } from "./switches.js";
import { createVm, removeVm } from "./vms.js";
import { decideMigration } from "../migration/decide-migration.js";

/**
 * The management decider: validates a command against the state and returns the
 * events it causes (none when it is already in effect). Throws DomainError otherwise.
 */
export function decide(command: ManagementCommand, state: ClusterState, ctx: DecisionContext): DomainEvent[] {
  switch (command.type) {
    case "RegisterHost":
      return registerHost(state, command.host, command.pnics);
    case "CreateDistributedSwitch":
      return createSwitch(state, command.vds, command.uplinks, command.mtu, command.maxPorts);
    case "ReconfigureDistributedSwitch":
      return reconfigureSwitch(state, command.vds, command.mtu);
    case "RemoveDistributedSwitch":
      return removeSwitch(state, command.vds);
    case "AddHostToDistributedSwitch":
      return addHostToSwitch(state, ctx, command.vds, command.host, command.pnics);
    case "RemoveHostFromDistributedSwitch":
      return removeHostFromSwitch(state, command.vds, command.host);
    case "AddDistributedPortGroup":
      return addPortGroup(state, command.vds, command.portgroup, command.vlan, command.ports);
    case "SetDistributedPortGroupPolicy":
      return setPortGroupPolicy(state, command.vds, command.portgroup, command.patch);
    case "RemoveDistributedPortGroup":
      return removePortGroup(state, command.vds, command.portgroup);
    case "CreateVm":
      return createVm(state, ctx, command.vm, command.host, command.networks, command);
    case "RemoveVm":
      return removeVm(state, command.vm);
    case "RequestMigration":
    case "ReserveMigrationDestination":
    case "RecordMigrationProgress":
    case "CommitMigration":
    case "EndMigration":
      return decideMigration(command, state);
    default:
      return assertNever(command);
  }
}
