import type { Host } from "@vdsim/model";
import type { ApiDeps, Call, Method, MethodTable } from "../api/method.js";
import { arg, readString, requiredArg } from "../soap/decode.js";
import { managedObjectNotFound } from "../soap/faults.js";
import { str, type MoRef, type VimValue } from "../soap/values.js";
import { applyHostChange, type ArgumentPaths } from "./apply.js";
import { deviceName, hostOfManager } from "./host-refs.js";
import { NIC_TYPES, netConfig, nicTypeOf } from "./nic-types.js";
import {
  planAddPortGroup,
  planAddVirtualNic,
  planAddVirtualSwitch,
  planNicService,
  planRemovePortGroup,
  planRemoveVirtualNic,
  planRemoveVirtualSwitch,
  planUpdatePortGroup,
  planUpdateVirtualNic,
  planUpdateVirtualSwitch,
} from "./plan.js";
import { decodePortGroupSpec, decodeVirtualNicSpec, decodeVirtualSwitchSpec } from "./spec-decode.js";

const SWITCH_PATHS: ArgumentPaths = { mtu: "spec.mtu", numPorts: "spec.numPorts", uplink: "spec.bridge.nicDevice", teaming: "spec.policy.nicTeaming", shaping: "spec.policy.shapingPolicy", name: "vswitchName" };
const PORTGROUP_PATHS: ArgumentPaths = { vlan: "portgrp.vlanId", uplink: "portgrp.policy.nicTeaming.nicOrder", teaming: "portgrp.policy.nicTeaming", shaping: "portgrp.policy.shapingPolicy", name: "portgrp.name" };
const NIC_PATHS: ArgumentPaths = { mtu: "nic.mtu", ip: "nic.ip", name: "device" };

/** The host a manager's call is about, and its HostSystem reference. */
function hostOf(deps: ApiDeps, call: Call): { host: Host; hostRef: MoRef } {
  const host = hostOfManager(deps.ctx, call.req.this);
  const hostRef = host && deps.ctx.hostRef(host.name);
  if (!host || !hostRef) throw managedObjectNotFound(call.req.this);
  return { host, hostRef };
}

const text = (call: Call, name: string): string => readString(requiredArg(call.req, name));

/**
 * HostNetworkSystem and HostVirtualNicManager: each change is the host commands esxcli and
 * vicfg-* send for it, decided by the host's agent. They are synchronous (no task), as on ESXi:
 * each returns once the change is in the log the inventory is folded from.
 */
export function hostMethods(deps: ApiDeps): MethodTable {
  const change = <T>(call: Call, paths: ArgumentPaths, name: string | undefined, plan: Parameters<typeof applyHostChange<T>>[2]): Promise<T> =>
    applyHostChange(deps, { ...hostOf(deps, call), paths, ...(name === undefined ? {} : { name }) }, plan);
  const done = (): undefined => undefined;
  const net = (run: (call: Call) => Promise<VimValue | undefined>): Method => ({ receiver: "HostNetworkSystem", run });
  const nicManager = (run: (call: Call) => Promise<VimValue | undefined> | VimValue): Method => ({ receiver: "HostVirtualNicManager", run });

  return {
    AddVirtualSwitch: net(async (c) => {
      const vswitch = text(c, "vswitchName");
      const specEl = arg(c.req, "spec");
      const spec = specEl && decodeVirtualSwitchSpec(specEl);
      return change(c, SWITCH_PATHS, vswitch, (sim) => planAddVirtualSwitch(sim, vswitch, spec)).then(done);
    }),
    UpdateVirtualSwitch: net(async (c) => {
      const vswitch = text(c, "vswitchName");
      const spec = decodeVirtualSwitchSpec(requiredArg(c.req, "spec"));
      return change(c, SWITCH_PATHS, vswitch, (sim) => planUpdateVirtualSwitch(sim, vswitch, spec)).then(done);
    }),
    RemoveVirtualSwitch: net(async (c) => {
      const vswitch = text(c, "vswitchName");
      return change(c, SWITCH_PATHS, vswitch, (sim) => planRemoveVirtualSwitch(sim, vswitch)).then(done);
    }),
    AddPortGroup: net(async (c) => {
      const spec = decodePortGroupSpec(requiredArg(c.req, "portgrp"));
      return change(c, PORTGROUP_PATHS, spec.name, (sim) => planAddPortGroup(sim, spec)).then(done);
    }),
    UpdatePortGroup: net(async (c) => {
      const pgName = text(c, "pgName");
      const spec = decodePortGroupSpec(requiredArg(c.req, "portgrp"));
      return change(c, PORTGROUP_PATHS, pgName, (sim) => planUpdatePortGroup(sim, pgName, spec)).then(done);
    }),
    RemovePortGroup: net(async (c) => {
      const pgName = text(c, "pgName");
      return change(c, PORTGROUP_PATHS, pgName, (sim) => planRemovePortGroup(sim, pgName)).then(done);
    }),
    AddVirtualNic: net(async (c) => {
      const portgroup = text(c, "portgroup");
      const spec = decodeVirtualNicSpec(requiredArg(c.req, "nic"));
      return str(await change(c, NIC_PATHS, undefined, (sim) => planAddVirtualNic(deps.ctx, sim, portgroup, spec)));
    }),
    UpdateVirtualNic: net(async (c) => {
      const device = deviceName(text(c, "device"));
      const spec = decodeVirtualNicSpec(requiredArg(c.req, "nic"));
      return change(c, NIC_PATHS, device, (sim) => planUpdateVirtualNic(deps.ctx, sim, device, spec)).then(done);
    }),
    RemoveVirtualNic: net(async (c) => {
      const device = deviceName(text(c, "device"));
      return change(c, NIC_PATHS, device, (sim) => planRemoveVirtualNic(sim, device)).then(done);
    }),
    // the inventory is folded from the log as it grows: there is nothing to refresh
    RefreshNetworkSystem: net(async (c) => {
      hostOf(deps, c);
      return undefined;
    }),
    QueryNetConfig: nicManager((c) => netConfig(deps.ctx, hostOf(deps, c).host, nicTypeOf(text(c, "nicType")))),
    SelectVnicForNicType: nicManager(async (c) => {
      const nicType = nicTypeOf(text(c, "nicType"));
      const device = deviceName(text(c, "device"));
      return change(c, NIC_PATHS, device, (sim) => planNicService(sim, device, NIC_TYPES[nicType], true)).then(done);
    }),
    DeselectVnicForNicType: nicManager(async (c) => {
      const nicType = nicTypeOf(text(c, "nicType"));
      const device = deviceName(text(c, "device"));
      return change(c, NIC_PATHS, device, (sim) => planNicService(sim, device, NIC_TYPES[nicType], false)).then(done);
    }),
  };
}
