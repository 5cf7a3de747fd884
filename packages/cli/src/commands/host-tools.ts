import type { HostTool } from "@vdsim/protocol";
import { UserError, withClient, type GlobalOptions } from "../context.js";

export const HOST_TOOLS: readonly HostTool[] = ["esxcli", "vicfg-vswitch", "vicfg-vmknic", "vmkping"];

/**
 * `vdsim [global options] esxcli --server HOST <esxcli argv>` (and vicfg-vswitch, vicfg-vmknic,
 * vmkping): the tool's own argv goes to the host untouched, as vCLI sends it to ESXi.
 * Returns undefined when argv names no host tool.
 */
export function splitHostToolArgv(argv: readonly string[]): { global: GlobalOptions; tool: HostTool; server: string; args: string[] } | undefined {
  const at = argv.findIndex((a) => (HOST_TOOLS as readonly string[]).includes(a));
  if (at < 0) return undefined;
  const global: { stateDir?: string; nats?: string; natsCreds?: string; natsCa?: string } = {};
  const before = argv.slice(0, at);
  for (let i = 0; i < before.length; i++) {
    const [flag, inline] = (before[i] as string).split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? before[++i];
    if (flag === "--state-dir" && value !== undefined) global.stateDir = value;
    else if (flag === "--nats" && value !== undefined) global.nats = value;
    else if (flag === "--nats-creds" && value !== undefined) global.natsCreds = value;
    else if (flag === "--nats-ca" && value !== undefined) global.natsCa = value;
    else return undefined;
  }
  const tool = argv[at] as HostTool;
  const rest = argv.slice(at + 1);
  let server: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === "--server") server = rest[++i];
    else if (a.startsWith("--server=")) server = a.slice("--server=".length);
    else args.push(a);
  }
  if (!server) throw new UserError(`${tool}: --server HOST is required (the host that answers, e.g. --server esx-01)`);
  return { global, tool, server, args };
}

export async function runHostTool(call: { global: GlobalOptions; tool: HostTool; server: string; args: string[] }): Promise<number> {
  return withClient(call.global, async (client) => {
    const reply = await client.hostCli(call.server, call.tool, call.args);
    const out = reply.stdout.endsWith("\n") || reply.stdout === "" ? reply.stdout : `${reply.stdout}\n`;
    (reply.exitCode === 0 ? process.stdout : process.stderr).write(out);
    return reply.exitCode;
  });
}
