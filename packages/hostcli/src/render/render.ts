import type { ClusterState } from "@vdsim/model";
import type { HostCliError } from "../request.js";
import type { EsxcliFormatter, HostCliOutput, HostCliRequest, HostCliResult, HostObservations, HostQuery, PingReply, PingSendFailure } from "../request.js";
import { renderDistributedSwitchList } from "./distributed.js";
import { failed, ok } from "./format.js";
import { formatEsxcli } from "./formatter.js";
import { renderPhysicalNicList, renderVmNetworkList } from "./inventory.js";
import { renderIpv4Routes, renderNeighbors, renderNetstacks, renderVmkNicTags } from "./netstack.js";
import { renderPhysicalNic, renderVmPorts } from "./ports.js";
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
    const text = result.error.hostText ?? result.error.message;
    return failed(request.tool === "esxcli" || request.tool === "vmkping" ? text : `Error: ${text}`);
  }
  if (request.kind === "command" && result.kind === "applied") return ok("");
  if (request.kind === "query" && result.kind === "state") return renderQuery(request.query, result.state, result.host, request.formatter, result.observed);
  if (request.kind === "vmkping" && result.kind === "ping") return renderPing(request.ip, result.replies, request.size);
  return failed(`Internal error: a ${request.kind} request cannot show a ${result.kind} result`);
}

/** What the tool prints when it rejects its command line. */
export function renderHostCliError(error: HostCliError): HostCliOutput {
  return { stdout: `${error.text}\n`, exitCode: error.exitCode };
}

/** Answers a query from the state as the named host sees it, and what its data plane observed; an esxcli list or get in the formatter asked for. */
export function renderQuery(
  query: HostQuery,
  state: ClusterState,
  host: string,
  formatter?: EsxcliFormatter,
  observed?: HostObservations,
): HostCliOutput {
  switch (query.type) {
    case "ListStandardSwitches":
      return formatEsxcli(renderStandardSwitchList(state, host, query.vswitch), formatter);
    case "ListStandardPortGroups":
      return formatEsxcli(renderStandardPortGroupList(state, host), formatter);
    case "GetStandardSwitchPolicy":
      return formatEsxcli(renderStandardSwitchPolicy(state, host, query.section, query.vswitch), formatter);
    case "GetStandardPortGroupPolicy":
      return formatEsxcli(renderStandardPortGroupPolicy(state, host, query.section, query.portgroup), formatter);
    case "ListVmkNics":
      return formatEsxcli(renderVmkNicList(state, host), formatter);
    case "GetVmkNicIpv4":
      return formatEsxcli(renderVmkNicIpv4(state, host, query.vmknic), formatter);
    case "ListDistributedSwitches":
      return formatEsxcli(renderDistributedSwitchList(state, host, query.vds), formatter);
    case "ListPhysicalNics":
      return formatEsxcli(renderPhysicalNicList(state, host), formatter);
    case "ListVmNetworking":
      return formatEsxcli(renderVmNetworkList(state, host), formatter);
    case "ListVmPorts":
      return formatEsxcli(renderVmPorts(state, host, query.worldId, observed), formatter);
    case "GetPhysicalNic":
      return formatEsxcli(renderPhysicalNic(state, host, query.pnic), formatter);
    case "GetVmkNicTags":
      return formatEsxcli(renderVmkNicTags(state, host, query.vmknic), formatter);
    case "ListIpv4Routes":
      return formatEsxcli(renderIpv4Routes(state, host), formatter);
    case "ListNeighbors":
      return formatEsxcli(renderNeighbors(observed, query.vmknic, query.ipv6Only), formatter);
    case "ListNetstacks":
      return formatEsxcli(renderNetstacks(), formatter);
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
