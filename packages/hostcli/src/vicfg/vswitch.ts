import type { HostCommand } from "@vdsim/model";
import type { HostCliRequest } from "../request.js";
import { getopt, integer, usageError, type VicfgOption } from "./getopt.js";

const TOOL = "vicfg-vswitch";

const SPEC: readonly VicfgOption[] = [
  { short: "l", long: "list", help: "List the virtual switches and their port groups" },
  { short: "a", long: "add", help: "Add a virtual switch" },
  { short: "d", long: "delete", help: "Delete a virtual switch" },
  { short: "A", long: "add-pg", value: "portgroup", help: "Add a port group to the virtual switch" },
  { short: "D", long: "del-pg", value: "portgroup", help: "Delete a port group from the virtual switch" },
  { short: "L", long: "link", value: "pnic", help: "Link a physical NIC to the virtual switch" },
  { short: "U", long: "unlink", value: "pnic", help: "Unlink a physical NIC from the virtual switch" },
  { short: "v", long: "vlan", value: "id", help: "Set the VLAN ID of the port group given with --pg" },
  { short: "p", long: "pg", value: "portgroup", help: "The port group for --vlan, --add-pg-uplink, --del-pg-uplink" },
  { short: "m", long: "mtu", value: "mtu", help: "Set the MTU of the virtual switch" },
  { short: "c", long: "check", help: "Print 1 if the virtual switch exists, 0 otherwise" },
  { short: "C", long: "check-pg", value: "portgroup", help: "Print 1 if the port group exists, 0 otherwise" },
  { short: "M", long: "add-pg-uplink", value: "pnic", help: "Add an uplink to the active uplinks of the port group (--pg)" },
  { short: "N", long: "del-pg-uplink", value: "pnic", help: "Remove an uplink from the port group (--pg)" },
  { short: "P", long: "add-dvp-uplink", value: "pnic", help: "Back the dvPort given with --dvp of the distributed switch with a pnic" },
  { short: "Q", long: "del-dvp-uplink", value: "pnic", help: "Take a pnic off the dvPort given with --dvp" },
  { short: "V", long: "dvp", value: "dvport", help: "The uplink dvPort for --add-dvp-uplink and --del-dvp-uplink" },
];

const OPERATIONS = ["list", "add", "delete", "add-pg", "del-pg", "link", "unlink", "vlan", "mtu", "check", "check-pg", "add-pg-uplink", "del-pg-uplink", "add-dvp-uplink", "del-dvp-uplink"];

/** Parses vicfg-vswitch: one operation, and the switch it applies to as the last argument. */
export function parseVicfgVswitch(argv: readonly string[]): HostCliRequest {
  const { options, positionals } = getopt(TOOL, SPEC, argv);
  const ops = OPERATIONS.filter((op) => options.has(op));
  if (ops.length === 0) throw usageError(TOOL, SPEC, "Error: No operation specified");
  if (ops.length > 1) throw usageError(TOOL, SPEC, `Error: Only one operation may be given at a time: ${ops.map((o) => `--${o}`).join(", ")}`);
  const op = ops[0] as string;
  const value = (long: string): string => String(options.get(long));
  const query = (q: Extract<HostCliRequest, { kind: "query" }>["query"]): HostCliRequest => ({ kind: "query", tool: TOOL, query: q });
  if (op === "list" || op === "check-pg") {
    if (positionals.length > (op === "check-pg" ? 1 : 0)) throw usageError(TOOL, SPEC, `Error: Unexpected argument ${positionals.at(-1)}`);
    return op === "list" ? query({ type: "ListSwitchesTable" }) : query({ type: "CheckStandardPortGroup", portgroup: value("check-pg") });
  }
  if (positionals.length === 0) throw usageError(TOOL, SPEC, "Error: No virtual switch name specified");
  if (positionals.length > 1) throw usageError(TOOL, SPEC, `Error: Unexpected argument ${positionals[1]}`);
  const vswitch = positionals[0] as string;
  const pg = (): string => {
    if (!options.has("pg")) throw usageError(TOOL, SPEC, `Error: --${op} needs the port group given with -p|--pg`);
    return value("pg");
  };
  const dvp = (): string => {
    if (!options.has("dvp")) throw usageError(TOOL, SPEC, `Error: --${op} needs the uplink dvPort given with -V|--dvp`);
    return value("dvp");
  };
  const run = (command: HostCommand): HostCliRequest => ({ kind: "command", tool: TOOL, command });
  switch (op) {
    case "add":
      return run({ type: "AddStandardSwitch", vswitch });
    case "delete":
      return run({ type: "RemoveStandardSwitch", vswitch });
    case "add-pg":
      return run({ type: "AddStandardPortGroup", vswitch, portgroup: value("add-pg") });
    case "del-pg":
      return run({ type: "RemoveStandardPortGroup", vswitch, portgroup: value("del-pg") });
    case "link":
      return run({ type: "AddStandardSwitchUplink", vswitch, uplink: value("link") });
    case "unlink":
      return run({ type: "RemoveStandardSwitchUplink", vswitch, uplink: value("unlink") });
    case "vlan":
      return run({ type: "SetStandardPortGroupVlan", vswitch, portgroup: pg(), vlan: integer(TOOL, SPEC, "vlan", value("vlan")) });
    case "mtu":
      return run({ type: "SetStandardSwitch", vswitch, mtu: integer(TOOL, SPEC, "mtu", value("mtu")) });
    case "check":
      return query({ type: "CheckStandardSwitch", vswitch });
    case "add-pg-uplink":
      return run({ type: "AddStandardPortGroupUplink", vswitch, portgroup: pg(), uplink: value("add-pg-uplink") });
    case "del-pg-uplink":
      return run({ type: "RemoveStandardPortGroupUplink", vswitch, portgroup: pg(), uplink: value("del-pg-uplink") });
    case "add-dvp-uplink":
      return run({ type: "AddProxySwitchUplink", vds: vswitch, uplink: dvp(), pnic: value("add-dvp-uplink") });
    default:
      return run({ type: "RemoveProxySwitchUplink", vds: vswitch, uplink: dvp(), pnic: value("del-dvp-uplink") });
  }
}
