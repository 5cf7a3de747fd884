import type { NatsConnection } from "@nats-io/transport-node";
import { Subjects, request, type HostApi, type HostOp } from "@vdsim/protocol";

/** A typed request to one host agent, as the orchestrator's steps make them. */
export type HostRpc = <Op extends HostOp>(host: string, op: Op, req: HostApi[Op]["req"], timeoutMs?: number) => Promise<HostApi[Op]["res"]>;

export function hostRpc(nc: NatsConnection): HostRpc {
  return (host, op, req, timeoutMs = 10_000) => request(nc, Subjects.host(host, op), req, `host "${host}"`, timeoutMs);
}
