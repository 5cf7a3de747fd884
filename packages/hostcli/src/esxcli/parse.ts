import { HostCliError } from "../request.js";
import type { HostCliRequest } from "../request.js";
import { readGlobalOptions } from "./global-options.js";
import { IP_COMMANDS } from "./ip-commands.js";
import { NETSTACK_COMMANDS } from "./netstack-commands.js";
import { readOptions } from "./options.js";
import { POLICY_COMMANDS } from "./policy-commands.js";
import { UsageProblem, optionName, type EsxcliCommand } from "./spec.js";
import { VSWITCH_COMMANDS } from "./vswitch-commands.js";

const COMMANDS: readonly EsxcliCommand[] = [...VSWITCH_COMMANDS, ...POLICY_COMMANDS, ...IP_COMMANDS, ...NETSTACK_COMMANDS];

const NAMESPACES: Readonly<Record<string, string>> = {
  network: "Operations that pertain to the maintenance of networking on an ESXi host.",
  "network ip": "Operations that can be performed on VMkernel IP interfaces.",
  "network ip interface": "Operations that can be performed on VMkernel network interfaces.",
  "network ip interface ipv4": "Operations on the IPv4 settings of VMkernel network interfaces.",
  "network ip interface tag": "Operations on the tags of VMkernel network interfaces: the traffic each carries.",
  "network ip neighbor": "Operations on the ARP and ND cache of the VMkernel TCP/IP stack.",
  "network ip netstack": "Operations on the network stack instances of the VMkernel.",
  "network ip route": "Operations on the routing table of the VMkernel TCP/IP stack.",
  "network ip route ipv4": "Operations on the IPv4 routes of the VMkernel TCP/IP stack.",
  "network nic": "Operations that can be performed on the physical NICs of the system.",
  "network vm": "Operations on the networking of virtual machines.",
  "network vm port": "Operations on the ports of virtual machines.",
  "network vswitch": "Commands to list and manipulate virtual switches on an ESXi host.",
  "network vswitch dvs": "Commands to list distributed switches on an ESXi host.",
  "network vswitch dvs vmware": "Commands to list VMware vSphere Distributed Switches on an ESXi host.",
  "network vswitch standard": "Commands to list and manipulate standard virtual switches on an ESXi host.",
  "network vswitch standard policy": "Commands to get and set the policy of a virtual switch.",
  "network vswitch standard policy failover": "Commands to get and set the failover policy of a virtual switch.",
  "network vswitch standard policy security": "Commands to get and set the security policy of a virtual switch.",
  "network vswitch standard policy shaping": "Commands to get and set the traffic shaping policy of a virtual switch.",
  "network vswitch standard portgroup": "Commands to list and manipulate port groups on an ESXi host.",
  "network vswitch standard portgroup policy": "Commands to get and set the policy of a port group.",
  "network vswitch standard portgroup policy failover": "Commands to get and set the failover policy of a port group.",
  "network vswitch standard portgroup policy security": "Commands to get and set the security policy of a port group.",
  "network vswitch standard portgroup policy shaping": "Commands to get and set the traffic shaping policy of a port group.",
  "network vswitch standard uplink": "Commands to add and remove uplinks of a virtual switch.",
};

/**
 * Parses `esxcli [options] <namespace...> <command> [cmd options]`. A namespace alone answers
 * with its help; `--formatter` applies to a list or get. Throws HostCliError with esxcli's
 * wording for anything it rejects.
 */
export function parseEsxcli(argv: readonly string[]): HostCliRequest {
  const { options, next } = readGlobalOptions(argv);
  const request = parseCommand(argv.slice(next));
  return request.kind === "query" && options.formatter !== undefined ? { ...request, formatter: options.formatter } : request;
}

function parseCommand(argv: readonly string[]): HostCliRequest {
  const words: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word.startsWith("-")) break;
    const path = [...words, word].join(" ");
    const known = COMMANDS.some((c) => c.path === path || c.path.startsWith(`${path} `));
    if (!known) throw new HostCliError("esxcli", `Error: Unknown command or namespace ${[...words, ...leadingWords(argv.slice(i))].join(" ")}`);
    words.push(word);
    if (COMMANDS.some((c) => c.path === path)) {
      i++;
      break;
    }
  }
  const path = words.join(" ");
  const command = COMMANDS.find((c) => c.path === path);
  if (!command) {
    if (i < argv.length) throw new HostCliError("esxcli", `Error: Invalid option ${argv[i]}\n\n${namespaceHelp(path)}`);
    return { kind: "help", tool: "esxcli", text: namespaceHelp(path) };
  }
  try {
    return command.build(readOptions(command, argv.slice(i)));
  } catch (err) {
    if (err instanceof UsageProblem) throw new HostCliError("esxcli", `Error: ${err.message}${err.withUsage ? `\n\n${commandUsage(command)}` : ""}`);
    throw err;
  }
}

/** The words of a command line up to its first option: all of a namespace path esxcli does not know. */
function leadingWords(args: readonly string[]): string[] {
  const end = args.findIndex((a) => a.startsWith("-"));
  return [...(end < 0 ? args : args.slice(0, end))];
}

const column = (name: string, help: string): string =>
  name.length <= 20 ? `  ${name.padEnd(22)}${help}` : `  ${name}\n${" ".repeat(24)}${help}`;

/** The usage esxcli prints for a command, as `--help` shows it. */
export function commandUsage(command: EsxcliCommand): string {
  const leaf = command.path.split(" ").at(-1) ?? "";
  const lines = [`Usage: esxcli ${command.path} [cmd options]`, "", "Description:", column(leaf, command.description)];
  if (command.options.length > 0) {
    lines.push("", "Cmd options:");
    for (const o of command.options) {
      const name = `${optionName(o)}=<${o.type}>`;
      lines.push(column(name, `${o.help}${o.required ? " (required)" : ""}`));
    }
  }
  return lines.join("\n");
}

/** What esxcli prints for a namespace: its namespaces and commands. */
export function namespaceHelp(path: string): string {
  const depth = path === "" ? 0 : path.split(" ").length;
  const below = COMMANDS.filter((c) => path === "" || c.path.startsWith(`${path} `));
  const children = [...new Set(below.map((c) => c.path.split(" ")[depth] as string))].sort();
  const prefix = path === "" ? "" : `${path} `;
  const commands = children.filter((child) => COMMANDS.some((c) => c.path === `${prefix}${child}`));
  const namespaces = children.filter((child) => !commands.includes(child));
  const lines = [`Usage: esxcli ${prefix}{cmd} [cmd options]`];
  if (namespaces.length > 0) {
    lines.push("", "Available Namespaces:");
    for (const ns of namespaces) lines.push(column(ns, NAMESPACES[`${prefix}${ns}`] ?? ""));
  }
  if (commands.length > 0) {
    lines.push("", "Available Commands:");
    for (const c of commands) lines.push(column(c, COMMANDS.find((x) => x.path === `${prefix}${c}`)?.description ?? ""));
  }
  return lines.join("\n");
}
