import type { ClusterState } from "@vdsim/model";
import type { HostCliError } from "../request.js";
import type { HostCliOutput, HostCliRequest, HostCliResult, HostQuery, PingReply, PingSendFailure } from "../request.js";
import { renderDistributedSwitchList } from "./distributed.js";
import { failed, ok } from "./format.js";
import { renderPhysicalNicList, renderVmNetworkList } from "./inventory.js";
import { renderStandardPortGroupList, renderStandardSwitchList, renderStandardPortGroupPolicy, renderStandardSwitchPolicy } from "./standard.js";
import { renderCheck, renderSwitchTable } from "./vicfg-vswitch.js";
import { renderVmkNicIpv4, renderVmkNicList, renderVmkNicTable } from "./vmkernel.js";

/**
 * What the tool prints for a request and its result: a query's answer from the host's state,
 * nothing for a command that took effect, the refusal of one that did not, a vmkping's replies.
 */
export function renderHostCli(request: HostCliRequest, result: HostCliResult): HostCliOutput {
  if (request.kind === "help") return ok(`${request.text}\n`);
  if (result.kind === "refused") {
    // esxcli and vmkping print the host's message as it is; the vicfg-* scripts prefix it
    return failed(request.tool === "esxcli" || request.tool === "vmkping" ? result.error.message : `Error: ${result.error.message}`);
  }
  if (request.kind === "command" && result.kind === "applied") return ok("");
  if (request.kind === "query" && result.kind === "state") return renderQuery(request.query, result.state, result.host);
  if (request.kind === "vmkping" && result.kind === "ping") return renderPing(request.ip, result.replies, request.size);
  return failed(`Internal error: a ${request.kind} request cannot show a ${result.kind} result`);
}

/** What the tool prints when it rejects its command line. */
export function renderHostCliError(error: HostCliError): HostCliOutput {
  return { stdout: `${error.text}\n`, exitCode: error.exitCode };
}

/** Answers a query from the state as the named host sees it. */
export function renderQuery(query: HostQuery, state: ClusterState, host: string): HostCliOutput {
  switch (query.type) {
    case "ListStandardSwitches":
      return renderStandardSwitchList(state, host, query.vswitch);
    case "ListStandardPortGroups":
      return renderStandardPortGroupList(state, host);
    case "GetStandardSwitchPolicy":
      return renderStandardSwitchPolicy(state, host, query.section, query.vswitch);
    case "GetStandardPortGroupPolicy":
      return renderStandardPortGroupPolicy(state, host, query.section, query.portgroup);
    case "ListVmkNics":
      return renderVmkNicList(state, host);
    case "GetVmkNicIpv4":
      return renderVmkNicIpv4(state, host, query.vmknic);
    case "ListDistributedSwitches":
      return renderDistributedSwitchList(state, host, query.vds);
    case "ListPhysicalNics":
      return renderPhysicalNicList(state, host);
    case "ListVmNetworking":
      return renderVmNetworkList(state, host);
    case "ListSwitchesTable":
      return renderSwitchTable(state, host);
    case "ListVmkNicsTable":
      return renderVmkNicTable(state, host);
    case "CheckStandardSwitch":
      return renderCheck(state.hosts[host]?.standardSwitches[query.vswitch] !== undefined);
    case "CheckStandardPortGroup":
      return renderCheck(state.hosts[host]?.standardPortGroups[query.portgroup] !== undefined);
  }
}

const ms = (n: number): string => n.toFixed(3);

/**
 * vmkping's output: a line per reply (its ICMP bytes: the data and the 8-byte header) or per
 * request its stack refused to send, nothing for one lost, then the statistics, which count
 * refused requests as transmitted; exit 1 when nothing came back.
 */
export function renderPing(ip: string, replies: ReadonlyArray<PingReply | PingSendFailure | null>, dataBytes = 56): HostCliOutput {
  const lines = [`PING ${ip} (${ip}): ${dataBytes} data bytes`];
  replies.forEach((reply, seq) => {
    if (reply === null) return;
    if ("sendFailed" in reply) lines.push(`sendto() failed (${reply.sendFailed})`);
    else lines.push(`${dataBytes + 8} bytes from ${ip}: icmp_seq=${seq} ttl=${reply.ttl} time=${ms(reply.timeMs)} ms`);
  });
  const got = replies.filter((r): r is PingReply => r !== null && !("sendFailed" in r));
  const loss = replies.length === 0 ? 0 : Math.round(((replies.length - got.length) / replies.length) * 100);
  lines.push("", `--- ${ip} ping statistics ---`, `${replies.length} packets transmitted, ${got.length} packets received, ${loss}% packet loss`);
  if (got.length > 0) {
    const times = got.map((r) => r.timeMs);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    lines.push(`round-trip min/avg/max = ${ms(Math.min(...times))}/${ms(avg)}/${ms(Math.max(...times))} ms`);
  }
  return { stdout: `${lines.join("\n")}\n`, exitCode: got.length > 0 ? 0 : 1 };
}
