import { CDP_STATUSES, type HostCommand } from "@vdsim/model";
import type { HostCliRequest, HostQuery } from "../request.js";
import { UsageProblem, compact, type EsxcliCommand, type EsxcliOption, type OptionValues } from "./spec.js";

const vswitch = (help: string, required = true): EsxcliOption => ({ long: "vswitch-name", short: "v", type: "str", required, help });
const portgroup = (help: string): EsxcliOption => ({ long: "portgroup-name", short: "p", type: "str", required: true, help });
const uplink: EsxcliOption = { long: "uplink-name", short: "u", type: "str", required: true, help: "The name of the uplink (vmnic) to use." };

export const query = (q: HostQuery): HostCliRequest => ({ kind: "query", tool: "esxcli", query: q });
export const command = (c: HostCommand): HostCliRequest => ({ kind: "command", tool: "esxcli", command: compact(c) });
const s = (v: OptionValues, long: string): string => v.str(long) ?? "";

export const VSWITCH_COMMANDS: readonly EsxcliCommand[] = [
  {
    path: "network vswitch standard list",
    description: "List the virtual switches current on the ESXi host.",
    options: [vswitch("Limit the output to this virtual switch.", false)],
    build: (v) => query(compact({ type: "ListStandardSwitches", vswitch: v.str("vswitch-name") })),
  },
  {
    path: "network vswitch standard add",
    description: "Add a new virtual switch to the ESXi networking system.",
    options: [
      { long: "ports", short: "P", type: "long", help: "The number of ports this virtual switch will have (8-4088, default 128)." },
      vswitch("The name of the virtual switch to add."),
    ],
    build: (v) => command({ type: "AddStandardSwitch", vswitch: s(v, "vswitch-name"), numPorts: v.int("ports") }),
  },
  {
    path: "network vswitch standard remove",
    description: "Remove a virtual switch from the ESXi networking system.",
    options: [vswitch("The name of the virtual switch to remove.")],
    build: (v) => command({ type: "RemoveStandardSwitch", vswitch: s(v, "vswitch-name") }),
  },
  {
    path: "network vswitch standard set",
    description: "Set the MTU, the number of ports and the CDP status of a given virtual switch.",
    options: [
      {
        long: "cdp-status",
        short: "c",
        type: "str",
        help: "The CDP status of the given virtual switch. It can be 'down', 'listen', 'advertise' or 'both'",
      },
      { long: "mtu", short: "m", type: "long", help: "The maximum transmission unit of the virtual switch (1280-9000)." },
      { long: "ports", short: "P", type: "long", help: "The number of ports of the virtual switch." },
      vswitch("The name of the virtual switch to set."),
    ],
    build: (v) => {
      if (!v.has("mtu") && !v.has("ports") && !v.has("cdp-status")) {
        throw new UsageProblem("At least one of -c|--cdp-status, -m|--mtu or -P|--ports is required");
      }
      const cdp = v.str("cdp-status");
      const cdpStatus = CDP_STATUSES.find((c) => c === cdp?.toLowerCase());
      if (cdp !== undefined && cdpStatus === undefined) {
        throw new UsageProblem(`Invalid data constraint for parameter 'cdp-status'. Expected one of ${CDP_STATUSES.join(", ")}, got '${cdp}'`);
      }
      return command({ type: "SetStandardSwitch", vswitch: s(v, "vswitch-name"), mtu: v.int("mtu"), numPorts: v.int("ports"), cdpStatus });
    },
  },
  {
    path: "network vswitch standard uplink add",
    description: "Add an uplink to the given virtual switch.",
    options: [uplink, vswitch("The name of the virtual switch to add the uplink to.")],
    build: (v) => command({ type: "AddStandardSwitchUplink", vswitch: s(v, "vswitch-name"), uplink: s(v, "uplink-name") }),
  },
  {
    path: "network vswitch standard uplink remove",
    description: "Remove an uplink from the given virtual switch.",
    options: [uplink, vswitch("The name of the virtual switch to remove the uplink from.")],
    build: (v) => command({ type: "RemoveStandardSwitchUplink", vswitch: s(v, "vswitch-name"), uplink: s(v, "uplink-name") }),
  },
  {
    path: "network vswitch standard portgroup list",
    description: "List all of the port groups currently on the system.",
    options: [],
    build: () => query({ type: "ListStandardPortGroups" }),
  },
  {
    path: "network vswitch standard portgroup add",
    description: "Add a standard port group to a virtual switch.",
    options: [portgroup("The name of the port group to add."), vswitch("The virtual switch to add the port group to.")],
    build: (v) => command({ type: "AddStandardPortGroup", vswitch: s(v, "vswitch-name"), portgroup: s(v, "portgroup-name") }),
  },
  {
    path: "network vswitch standard portgroup remove",
    description: "Remove a port group from the given virtual switch.",
    options: [portgroup("The name of the port group to remove."), vswitch("The virtual switch to remove the port group from.")],
    build: (v) => command({ type: "RemoveStandardPortGroup", portgroup: s(v, "portgroup-name"), vswitch: s(v, "vswitch-name") }),
  },
  {
    path: "network vswitch standard portgroup set",
    description: "Set the VLAN ID of the given port group.",
    options: [
      portgroup("The name of the port group to set."),
      { long: "vlan-id", short: "v", type: "long", required: true, help: "The VLAN ID: 0 for none, 4095 for all VLANs." },
    ],
    build: (v) => command({ type: "SetStandardPortGroupVlan", portgroup: s(v, "portgroup-name"), vlan: v.int("vlan-id") ?? 0 }),
  },
];
