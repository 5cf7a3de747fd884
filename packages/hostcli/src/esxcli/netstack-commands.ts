import { DEFAULT_NETSTACK, formatIpv4, parseIpv4, type VmkNicServices } from "@vdsim/model";
import { HostCliError } from "../request.js";
import { UsageProblem, compact, type EsxcliCommand, type EsxcliOption, type OptionValues } from "./spec.js";
import { command, query } from "./vswitch-commands.js";

/** The tags ESXi 6.0 puts on a VMkernel NIC, as esxcli spells them, and the service each turns on. */
export const VMKNIC_TAGS: ReadonlyArray<readonly [string, keyof VmkNicServices]> = [
  ["Management", "management"],
  ["VMotion", "vmotion"],
  ["faultToleranceLogging", "faultToleranceLogging"],
  ["vSphereReplication", "vSphereReplication"],
  ["vSphereReplicationNFC", "vSphereReplicationNFC"],
  ["vSphereProvisioning", "vSphereProvisioning"],
  ["VSAN", "vsan"],
];

const TAG_NAMES = VMKNIC_TAGS.map(([tag]) => tag).join(", ");
const tagged = (help: string): EsxcliOption => ({ long: "interface-name", short: "i", type: "str", required: true, help });
const tagName: EsxcliOption = { long: "tagname", short: "t", type: "str", required: true, help: "Tag name" };
const netstack: EsxcliOption = { long: "netstack", short: "N", type: "str", help: "The network stack instance; if unspecified, use the default netstack instance" };

/** esxcli refuses vMotion on its own: VSPHERE.md, "esxcli offers no way to enable vMotion". */
function tagPatch(v: OptionValues, on: boolean): Partial<VmkNicServices> {
  const given = v.str("tagname") ?? "";
  const found = VMKNIC_TAGS.find(([tag]) => tag.toLowerCase() === given.toLowerCase());
  if (!found) throw new UsageProblem(`Invalid tag name '${given}'. Supported tags are: ${TAG_NAMES}`);
  if (found[1] === "vmotion") {
    const verb = on ? "enable" : "disable";
    throw new HostCliError("esxcli", `You cannot ${verb} vMotion with ESXCLI. Use vicfg-vmknic --${verb}-vmotion instead.`);
  }
  return { [found[1]]: on };
}

function onlyDefaultNetstack(v: OptionValues): void {
  const name = v.str("netstack");
  if (name !== undefined && name !== DEFAULT_NETSTACK) throw new UsageProblem(`Netstack instance ${name} does not exist`);
}

/** -n default, or -n a.b.c.d/len. */
function network(v: OptionValues): { network: string; netmask: string } {
  const given = v.str("network") ?? "";
  if (given === "default") return { network: "0.0.0.0", netmask: "0.0.0.0" };
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(given);
  const address = m ? parseIpv4(m[1] as string) : undefined;
  const len = m ? Number(m[2]) : NaN;
  if (address === undefined || !(len >= 0 && len <= 32)) {
    throw new UsageProblem(`Invalid network '${given}': expected 'default' or an IPv4 address and prefix length, such as 10.0.0.0/24`);
  }
  return { network: m?.[1] as string, netmask: formatIpv4(len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) };
}

export const NETSTACK_COMMANDS: readonly EsxcliCommand[] = [
  {
    path: "network ip interface tag get",
    description: "Gets the tags set on the given VMkernel network interface.",
    options: [tagged("Name of vmknic whose tags are to be listed")],
    build: (v) => query({ type: "GetVmkNicTags", vmknic: v.str("interface-name") ?? "" }),
  },
  {
    path: "network ip interface tag add",
    description: `Adds a tag on a given VMkernel network interface. Supported tags are: ${TAG_NAMES}`,
    options: [tagged("Name of vmknic to tag"), tagName],
    build: (v) => command({ type: "SetVmkNicServices", vmknic: { name: v.str("interface-name") ?? "" }, ...tagPatch(v, true) }),
  },
  {
    path: "network ip interface tag remove",
    description: "Removes a tag on a given VMkernel network interface.",
    options: [tagged("Name of vmknic whose tag is to be removed"), tagName],
    build: (v) => command({ type: "SetVmkNicServices", vmknic: { name: v.str("interface-name") ?? "" }, ...tagPatch(v, false) }),
  },
  {
    path: "network ip route ipv4 list",
    description: "List configured IPv4 routes.",
    options: [netstack],
    build: (v) => {
      onlyDefaultNetstack(v);
      return query({ type: "ListIpv4Routes" });
    },
  },
  {
    path: "network ip route ipv4 add",
    description: "Add IPv4 route to the VMkernel.",
    options: [
      { long: "gateway", short: "g", type: "str", required: true, help: "The IPv4 address of the gateway through which a route to be added." },
      { long: "network", short: "n", type: "str", required: true, help: "The IPv4 address and prefix length of the network to add the route to. Specify 'default' for default network." },
      netstack,
    ],
    build: (v) => {
      onlyDefaultNetstack(v);
      return command({ type: "AddIpv4Route", ...network(v), gateway: v.str("gateway") ?? "" });
    },
  },
  {
    path: "network ip route ipv4 remove",
    description: "Remove IPv4 route from the VMkernel.",
    options: [
      { long: "gateway", short: "g", type: "str", required: true, help: "The IPv4 address of the gateway through which a route to be removed." },
      { long: "network", short: "n", type: "str", required: true, help: "The IPv4 address and prefix length of the network to remove the route from. Specify 'default' for default network." },
      netstack,
    ],
    build: (v) => {
      onlyDefaultNetstack(v);
      return command({ type: "RemoveIpv4Route", ...network(v), gateway: v.str("gateway") });
    },
  },
  {
    path: "network ip neighbor list",
    description: "List ARP table entries",
    options: [
      { long: "interface-name", short: "i", type: "str", help: "The VMkernel network interface name to list the neighbors of. If not specified, all interfaces are listed." },
      netstack,
      { long: "version", short: "v", type: "str", help: "IP version: 4, 6 or all (default 4)" },
    ],
    build: (v) => {
      onlyDefaultNetstack(v);
      const version = v.str("version");
      if (version !== undefined && !["4", "6", "all"].includes(version)) {
        throw new UsageProblem(`Invalid data constraint for parameter 'version'. Expected one of 4, 6, all, got '${version}'`);
      }
      return query(compact({ type: "ListNeighbors", vmknic: v.str("interface-name"), ipv6Only: version === "6" ? true : undefined }));
    },
  },
  {
    path: "network ip netstack list",
    description: "List Netstack instances on the system",
    options: [],
    build: () => query({ type: "ListNetstacks" }),
  },
];
