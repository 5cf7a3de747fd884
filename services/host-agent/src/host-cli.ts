import { randomUUID } from "node:crypto";
import { decideAndAppend as appendDecision } from "@vdsim/eventstore";
import { decideHost, envelope, eventSubject, isDomainError, type HostCommand } from "@vdsim/model";
import { isHostCliError, parseHostCli, renderHostCli, renderHostCliError, type HostCliRequest, type HostCliResult, type PingReply, type PingSendFailure } from "@vdsim/hostcli";
import type { HostCliReply, HostTool } from "@vdsim/protocol";
import type { AgentSurface } from "./surface.js";
import type { EchoOutcome } from "@vdsim/esx";

/** Answers esxcli / vicfg-* / vmkping as the host would: parse, then query, decide or ping, then render. */
export async function answerHostCli(agent: AgentSurface, tool: HostTool, argv: readonly string[]): Promise<HostCliReply> {
  let request: HostCliRequest;
  try {
    request = parseHostCli(tool, [...argv]);
  } catch (err) {
    if (isHostCliError(err)) return renderHostCliError(err);
    throw err;
  }
  return renderHostCli(request, await answer(agent, request));
}

async function answer(agent: AgentSurface, request: HostCliRequest): Promise<HostCliResult> {
  switch (request.kind) {
    case "help":
      return { kind: "state", state: agent.state, host: agent.host };
    case "query":
      return { kind: "state", state: agent.state, host: agent.host, observed: agent.network.observations() };
    case "vmkping": {
      const vmk = request.interface ?? "vmk0";
      const echo = { count: request.count, intervalMs: 200, timeoutMs: 1_000, dataBytes: request.size, dontFragment: request.dontFragment };
      const outcomes = await agent.network.ping(vmk, request.ip, echo).catch(() => Array<EchoOutcome>(request.count).fill({ kind: "timeout" }));
      return { kind: "ping", replies: outcomes.map(pingReply) };
    }
    case "command":
      return applyHostCommand(agent, request.command);
  }
}

function pingReply(outcome: EchoOutcome): PingReply | PingSendFailure | null {
  switch (outcome.kind) {
    case "reply":
      return { ttl: 64, timeMs: outcome.rttMs };
    case "timeout":
      return null;
    case "message-too-long":
      return { sendFailed: "Message too long" };
    case "host-down":
      return { sendFailed: "Host is down" };
  }
}

async function applyHostCommand(agent: AgentSurface, command: HostCommand): Promise<HostCliResult> {
  try {
    await decideAndAppend(agent, command, randomUUID());
    return { kind: "applied" };
  } catch (err) {
    if (isDomainError(err)) return { kind: "refused", error: err };
    throw err;
  }
}

/**
 * Decides a host command and appends its event to the host's own subjects, retrying after a
 * lost race; resolves once the agent applied it, with its sequence (null: already in effect).
 * A refusal throws the decider's DomainError. The command id makes a retried request record once.
 */
export async function decideAndAppend(agent: AgentSurface, command: HostCommand, commandId: string): Promise<{ seq: number | null }> {
  return appendDecision<{ seq: number | null }>(agent, () => {
    const event = decideHost(command, agent.state, agent.host)[0];
    if (!event) return { answer: { seq: null } };
    const subject = eventSubject(event);
    return {
      append: {
        subject,
        envelope: envelope(event, { commandId, time: new Date().toISOString() }),
        expect: { lastSubjectSeq: agent.subjectSeq(subject) },
        msgId: commandId,
      },
      appended: async ({ seq }) => {
        await agent.caughtUp(seq);
        return { seq };
      },
    };
  });
}
