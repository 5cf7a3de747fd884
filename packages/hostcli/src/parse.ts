import { parseEsxcli } from "./esxcli/parse.js";
import { DEFAULT_PING_DATA_BYTES, HostCliError, type HostCliRequest, type HostCliTool } from "./request.js";
import { parseVicfgVmknic } from "./vicfg/vmknic.js";
import { parseVicfgVswitch } from "./vicfg/vswitch.js";

/**
 * Parses a host command line (argv without the tool's name) into a query, a host command or a
 * vmkping. Throws HostCliError, whose text is what the real tool prints, for what it rejects.
 */
export function parseHostCli(tool: HostCliTool, argv: readonly string[]): HostCliRequest {
  switch (tool) {
    case "esxcli":
      return parseEsxcli(argv);
    case "vicfg-vswitch":
      return parseVicfgVswitch(argv);
    case "vicfg-vmknic":
      return parseVicfgVmknic(argv);
    case "vmkping":
      return parseVmkping(argv);
  }
}

const USAGE = [
  "vmkping [args] [host]",
  "   args:",
  "      -c <count>         set packet count (default 3)",
  "      -d                 set DF bit (IPv4) or disable fragmentation (IPv6)",
  "      -I <interface>     outgoing interface, such as vmk1",
  "      -s <size>          set the number of ICMP data bytes to be sent.",
  "                         The default is 56, which translates to a 64 byte",
  "                         ICMP frame when added to the 8 byte ICMP header.",
  "                         (Note: these sizes does not include the IP header).",
].join("\n");

/** The largest ICMP data an IPv4 packet holds: 65535 less the IPv4 and ICMP headers. */
const MAX_DATA_BYTES = 65_507;

const fail = (message: string): HostCliError => new HostCliError("vmkping", `${message}\n${USAGE}`);

/** Parses `vmkping [-I vmkN] [-c count] [-s size] [-d] <ip>`: an echo over the VMkernel stack. */
export function parseVmkping(argv: readonly string[]): HostCliRequest {
  let iface: string | undefined;
  let count = 3;
  let size = DEFAULT_PING_DATA_BYTES;
  let dontFragment = false;
  const hosts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-d") dontFragment = true;
    else if (arg === "-I" || arg === "-c" || arg === "-s") {
      const value = argv[i + 1];
      if (value === undefined) throw fail(`vmkping: option requires an argument -- '${arg.slice(1)}'`);
      i++;
      if (arg === "-I") iface = value;
      else if (arg === "-c") {
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) throw fail(`vmkping: invalid count: '${value}'`);
        count = Number(value);
      } else {
        if (!/^\d+$/.test(value) || Number(value) > MAX_DATA_BYTES) throw fail(`vmkping: invalid packet size: '${value}'`);
        size = Number(value);
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      throw fail(`vmkping: invalid option -- '${arg.slice(1)}'`);
    } else hosts.push(arg);
  }
  if (hosts.length === 0) throw fail("vmkping: no host given");
  if (hosts.length > 1) throw fail(`vmkping: unexpected argument '${hosts[1]}'`);
  const ip = hosts[0] as string;
  return { kind: "vmkping", tool: "vmkping", ...(iface === undefined ? {} : { interface: iface }), ip, count, size, dontFragment };
}
