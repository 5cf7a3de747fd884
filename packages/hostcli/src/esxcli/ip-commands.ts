import type { VmkNicSelector, VmkNicTarget } from "@vdsim/model";
import { UsageProblem, compact, type EsxcliCommand, type EsxcliOption, type OptionValues } from "./spec.js";
import { command, query } from "./vswitch-commands.js";

const iface = (required: boolean, help: string): EsxcliOption => ({ long: "interface-name", short: "i", type: "str", required, help });
const attach: readonly EsxcliOption[] = [
  { long: "dvport-id", short: "v", type: "str", help: "The dvPort of the distributed switch to connect to (with -s)." },
  { long: "dvs-name", short: "s", type: "str", help: "The distributed switch to connect to (with -v)." },
  { long: "portgroup-name", short: "p", type: "str", help: "The standard port group to connect to." },
];

const mtuOption: EsxcliOption = { long: "mtu", short: "m", type: "long", help: "The MTU of the interface (1280-9000, default 1500)." };

/** -p PG, or -s DVS with -v PORT. */
function target(v: OptionValues): VmkNicTarget | undefined {
  const portgroup = v.str("portgroup-name");
  const vds = v.str("dvs-name");
  const portKey = v.str("dvport-id");
  if (portgroup !== undefined && (vds !== undefined || portKey !== undefined)) {
    throw new UsageProblem("Give either -p|--portgroup-name, or -s|--dvs-name with -v|--dvport-id, not both");
  }
  if (portgroup !== undefined) return { portgroup };
  if ((vds === undefined) !== (portKey === undefined)) {
    throw new UsageProblem("-s|--dvs-name and -v|--dvport-id must be given together");
  }
  return vds !== undefined && portKey !== undefined ? { vds, portKey } : undefined;
}

function selector(v: OptionValues): VmkNicSelector {
  const name = v.str("interface-name");
  if (name !== undefined) return { name };
  const t = target(v);
  if (!t) throw new UsageProblem("Missing required parameter -i|--interface-name (or -p|--portgroup-name, or -s|--dvs-name with -v|--dvport-id)");
  return t;
}

export const IP_COMMANDS: readonly EsxcliCommand[] = [
  {
    path: "network ip interface list",
    description: "List the VMkernel network interfaces currently known to the system.",
    options: [],
    build: () => query({ type: "ListVmkNics" }),
  },
  {
    path: "network ip interface add",
    description: "Add a new VMkernel network interface.",
    options: [...attach, iface(false, "The name of the VMkernel interface to create, in the form vmkN; the next free one when omitted."), mtuOption].sort(
      (a, b) => (a.long < b.long ? -1 : 1),
    ),
    build: (v) => {
      const t = target(v);
      if (!t) throw new UsageProblem("Missing required parameter -p|--portgroup-name, or -s|--dvs-name with -v|--dvport-id");
      return command({ type: "AddVmkNic", vmknic: v.str("interface-name"), target: t, mtu: v.int("mtu") });
    },
  },
  {
    path: "network ip interface remove",
    description: "Remove a VMkernel network interface.",
    options: [...attach, iface(false, "The name of the VMkernel interface to remove.")].sort((a, b) => (a.long < b.long ? -1 : 1)),
    build: (v) => command({ type: "RemoveVmkNic", vmknic: selector(v) }),
  },
  {
    path: "network ip interface set",
    description: "Set the enabled status and the MTU of a given VMkernel interface.",
    options: [
      { long: "enabled", short: "e", type: "bool", help: "Enable or disable the interface." },
      iface(true, "The name of the VMkernel interface to set."),
      { long: "mtu", short: "m", type: "long", help: "The MTU of the interface (1280-9000)." },
    ],
    build: (v) => {
      if (!v.has("enabled") && !v.has("mtu")) throw new UsageProblem("At least one of -e|--enabled or -m|--mtu is required");
      return command({ type: "SetVmkNic", vmknic: selector(v), enabled: v.bool("enabled"), mtu: v.int("mtu") });
    },
  },
  {
    path: "network ip interface ipv4 get",
    description: "Get the IPv4 settings of the VMkernel network interfaces.",
    options: [iface(false, "Limit the output to this interface.")],
    build: (v) => query(compact({ type: "GetVmkNicIpv4", vmknic: v.str("interface-name") })),
  },
  {
    path: "network ip interface ipv4 set",
    description: "Configure the IPv4 settings of a given VMkernel network interface.",
    options: [
      { long: "ipv4", short: "I", type: "str", help: "The static IPv4 address of the interface." },
      { long: "netmask", short: "N", type: "str", help: "The static IPv4 netmask of the interface." },
      { long: "type", short: "t", type: "str", required: true, help: "The address type: static, or none to remove the address." },
      iface(true, "The name of the VMkernel interface to set."),
    ],
    build: (v) => {
      const type = (v.str("type") ?? "").toLowerCase();
      const vmknic = selector(v);
      if (type === "none") return command({ type: "SetVmkNicIpv4", vmknic, ipv4: null });
      if (type === "dhcp") throw new UsageProblem("DHCP is not available in vdsim: use -t static with -I and -N");
      if (type !== "static") throw new UsageProblem(`Invalid data constraint for parameter 'type'. Expected dhcp, none or static, got '${v.str("type")}'`);
      const address = v.str("ipv4");
      const netmask = v.str("netmask");
      if (address === undefined) throw new UsageProblem("Missing required parameter -I|--ipv4 for -t static");
      if (netmask === undefined) throw new UsageProblem("Missing required parameter -N|--netmask for -t static");
      return command({ type: "SetVmkNicIpv4", vmknic, ipv4: { address, netmask } });
    },
  },
  {
    path: "network vswitch dvs vmware list",
    description: "List the VMware vSphere Distributed Switches this ESXi host is a member of.",
    options: [{ long: "vds-name", short: "v", type: "str", help: "Limit the output to this distributed switch." }],
    build: (v) => query(compact({ type: "ListDistributedSwitches", vds: v.str("vds-name") })),
  },
  {
    path: "network nic list",
    description: "List the physical NICs of the system.",
    options: [],
    build: () => query({ type: "ListPhysicalNics" }),
  },
  {
    path: "network nic get",
    description: "Get the generic configuration of a network device",
    options: [{ long: "nic-name", short: "n", type: "str", required: true, help: "The name of the NIC to configured." }],
    build: (v) => query({ type: "GetPhysicalNic", pnic: v.str("nic-name") ?? "" }),
  },
  {
    path: "network vm port list",
    description: "List of active ports for a given VM.",
    options: [{ long: "world-id", short: "w", type: "long", required: true, help: "World ID of the VM." }],
    build: (v) => query({ type: "ListVmPorts", worldId: v.int("world-id") ?? 0 }),
  },
  {
    path: "network vm list",
    description: "List networking information for the VMs that have active ports.",
    options: [],
    build: () => query({ type: "ListVmNetworking" }),
  },
];
