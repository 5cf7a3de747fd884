import { framesLost, type TrafficFlowStats } from "@vdsim/protocol";

/** One flow with its sender's and its receiver's figures joined. */
export interface FlowSummary {
  readonly flow: string;
  readonly from: string;
  readonly to: string;
  readonly sent: number;
  readonly received: number;
  readonly lost: number;
  readonly longestGapMs: number;
  readonly running: boolean;
}

/** Joins each flow's sender figures (on one host) with its receiver figures (on another). */
export function summarizeFlows(stats: readonly TrafficFlowStats[]): FlowSummary[] {
  const flows = [...new Set(stats.map((s) => s.flow))].sort();
  return flows.map((flow) => {
    const sender = stats.find((s) => s.flow === flow && s.role === "sender");
    const receiver = stats.find((s) => s.flow === flow && s.role === "receiver");
    const sent = sender?.sent ?? 0;
    const received = receiver?.received ?? 0;
    return {
      flow,
      from: sender?.vm ?? "?",
      to: receiver?.vm ?? sender?.peerIp ?? "?",
      sent,
      received,
      lost: framesLost(received, sender?.running === false ? sent : (receiver?.lastSeq ?? 0)),
      longestGapMs: receiver?.longestGapMs ?? 0,
      running: sender?.running ?? false,
    };
  });
}
