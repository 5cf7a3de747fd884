import type { HostCommand, VmkNicTarget } from "@vdsim/model";
import type { HostCliRequest } from "../request.js";
import { getopt, integer, usageError, type VicfgOption } from "./getopt.js";

const TOOL = "vicfg-vmknic";

const SPEC: readonly VicfgOption[] = [
  { short: "l", long: "list", help: "List the VMkernel NICs" },
  { short: "a", long: "add", help: "Add a VMkernel NIC to the port group (or to --dvs-name, --dvport-id)" },
  { short: "d", long: "delete", help: "Delete the VMkernel NIC of the port group (or of --dvs-name, --dvport-id)" },
  { short: "E", long: "enable-vmotion", help: "Enable vMotion on the VMkernel NIC of the port group" },
  { short: "u", long: "disable-vmotion", help: "Disable vMotion on the VMkernel NIC of the port group" },
  { short: "i", long: "ip", value: "address", help: "The IPv4 address of a new VMkernel NIC" },
  { short: "n", long: "netmask", value: "netmask", help: "The IPv4 netmask of a new VMkernel NIC" },
  { short: "m", long: "mtu", value: "mtu", help: "The MTU of a new VMkernel NIC (with --add), or alone: change the MTU of the VMkernel NIC" },
  { short: "s", long: "dvs-name", value: "dvs", help: "The distributed switch of the VMkernel NIC (with --dvport-id)" },
  { short: "v", long: "dvport-id", value: "port", help: "The dvPort of the VMkernel NIC (with --dvs-name)" },
];

const OPERATIONS = ["list", "add", "delete", "enable-vmotion", "disable-vmotion"];

/** Parses vicfg-vmknic: one operation on the VMkernel NIC of a port group, or of a dvPort. */
export function parseVicfgVmknic(argv: readonly string[]): HostCliRequest {
  const { options, positionals } = getopt(TOOL, SPEC, argv);
  const named = OPERATIONS.filter((op) => options.has(op));
  const mtuText = options.get("mtu");
  // -m with --add sets the new NIC's MTU; without it, changing the MTU is the operation
  const ops = mtuText !== undefined && !named.includes("add") ? [...named, "mtu"] : named;
  if (ops.length === 0) throw usageError(TOOL, SPEC, "Error: No operation specified");
  if (ops.length > 1) throw usageError(TOOL, SPEC, `Error: Only one operation may be given at a time: ${ops.map((o) => `--${o}`).join(", ")}`);
  const op = ops[0] as string;
  if (op === "list") {
    if (positionals.length > 0) throw usageError(TOOL, SPEC, `Error: Unexpected argument ${positionals[0]}`);
    return { kind: "query", tool: TOOL, query: { type: "ListVmkNicsTable" } };
  }
  const target = targetOf(options, positionals);
  const run = (command: HostCommand): HostCliRequest => ({ kind: "command", tool: TOOL, command });
  switch (op) {
    case "add": {
      const address = options.get("ip");
      const netmask = options.get("netmask");
      if (typeof address !== "string") throw usageError(TOOL, SPEC, "Error: --add needs the IP address given with -i|--ip");
      if (typeof netmask !== "string") throw usageError(TOOL, SPEC, "Error: --add needs the netmask given with -n|--netmask");
      const mtu = typeof mtuText === "string" ? integer(TOOL, SPEC, "mtu", mtuText) : undefined;
      return run({ type: "AddVmkNic", target, ipv4: { address, netmask }, ...(mtu === undefined ? {} : { mtu }) });
    }
    case "mtu":
      return run({ type: "SetVmkNic", vmknic: target, mtu: integer(TOOL, SPEC, "mtu", String(mtuText)) });
    case "delete":
      return run({ type: "RemoveVmkNic", vmknic: target });
    case "enable-vmotion":
      return run({ type: "SetVmkNicServices", vmknic: target, vmotion: true });
    default:
      return run({ type: "SetVmkNicServices", vmknic: target, vmotion: false });
  }
}

function targetOf(options: ReadonlyMap<string, string | true>, positionals: readonly string[]): VmkNicTarget {
  const vds = options.get("dvs-name");
  const portKey = options.get("dvport-id");
  if (typeof vds === "string" || typeof portKey === "string") {
    if (typeof vds !== "string" || typeof portKey !== "string") {
      throw usageError(TOOL, SPEC, "Error: --dvs-name and --dvport-id must be given together");
    }
    if (positionals.length > 0) throw usageError(TOOL, SPEC, `Error: Unexpected argument ${positionals[0]}`);
    return { vds, portKey };
  }
  if (positionals.length === 0) throw usageError(TOOL, SPEC, "Error: No port group specified (or --dvs-name with --dvport-id)");
  if (positionals.length > 1) throw usageError(TOOL, SPEC, `Error: Unexpected argument ${positionals[1]}`);
  return { portgroup: positionals[0] as string };
}
