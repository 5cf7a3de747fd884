import type { Subscription } from "@nats-io/transport-node";
import { guestIp } from "@vdsim/dataplane";
import { isDomainError } from "@vdsim/model";
import { waitFor } from "@vdsim/runtime";
import {
  RemoteError,
  RpcErrorCode,
  Subjects,
  hostRequestSchemas,
  serve,
  type HostApi,
  type HostOp,
  type RemoteErrorBody,
} from "@vdsim/protocol";
import type { AgentSurface } from "./surface.js";
import { answerHostCli, decideAndAppend } from "./host-cli.js";

type Handlers = { [Op in HostOp]: (req: HostApi[Op]["req"]) => Promise<HostApi[Op]["res"]> };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The host's request/reply surface: state, the command line tools, ping and traffic. */
export function serveHostApi(agent: AgentSurface): Subscription[] {
  const { host } = agent;
  const vmHere = (vm: string): void => {
    const v = agent.state.vms[vm];
    if (!v) throw new RemoteError("NOT_FOUND", `Virtual machine "${vm}" not found`);
    if (v.host !== host) throw new RemoteError("NOT_FOUND", `Virtual machine "${vm}" runs on ${v.host}, not on ${host}`);
  };
  /** An IPv4 address as given, or the address of a VM's first vNIC. */
  const resolveTarget = (target: string): string => {
    if (IPV4.test(target)) return target;
    const nic = agent.state.vms[target]?.nics[0];
    if (!nic) throw new RemoteError("NOT_FOUND", `"${target}" is neither an IPv4 address nor a virtual machine`);
    return guestIp(nic.mac);
  };
  // a vMotion step re-run with the same key (a restored migration) gets the first run's answer
  const done = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    let p = done.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run();
      done.set(key, p);
      p.catch(() => done.delete(key));
      if (done.size > 1_000) done.delete(done.keys().next().value as string);
    }
    return p;
  };
  const handlers: Handlers = {
    state: async () => agent.report(),
    cli: async (req) => answerHostCli(agent, req.tool, req.argv),
    command: (req) => decideAndAppend(agent, req.command, req.commandId),
    ping: async (req) => {
      vmHere(req.vm);
      const targetIp = resolveTarget(req.target);
      const from = agent.network.endpointOf(req.vm, req.nic);
      if (!from) throw new RemoteError("NOT_FOUND", `Virtual machine "${req.vm}" has no connected vNIC${req.nic === undefined ? "" : ` ${req.nic}`} on ${host}`);
      const outcomes = await agent.network.ping(req.vm, targetIp, { count: req.count, intervalMs: req.intervalMs ?? 200, timeoutMs: req.timeoutMs ?? 1_000 }, req.nic);
      const rtts = outcomes.map((o) => (o.kind === "reply" ? o.rttMs : null));
      return { from: { vm: req.vm, ip: from.spec.ip }, targetIp, sent: rtts.length, received: rtts.filter((r) => r !== null).length, rtts };
    },
    "traffic.start": async (req) => {
      vmHere(req.fromVm);
      if (!(req.pps > 0)) throw new RemoteError(RpcErrorCode.BadRequest, `invalid rate ${req.pps} frames/s`);
      agent.network.startFlow(req.flow, req.fromVm, resolveTarget(req.to), req.pps, req.length ?? 512);
      return { flow: req.flow };
    },
    "traffic.stop": async (req) => ({ stopped: agent.network.stopFlows(req.flow) }),
    "traffic.stats": async () => agent.network.flowStats(),
    ports: async () => agent.network.portCounters(),
    "guest.spoof": async (req) => {
      vmHere(req.vm);
      return { sent: agent.network.spoof(req.vm, req.srcMac.toLowerCase(), resolveTarget(req.target), req.count) };
    },
    "migration.stun": (req) => once(req.key, async () => agent.network.stunVm(req.vm)),
    "migration.resume": (req) =>
      once(req.key, async () => {
        await waitFor(`${req.vm} to be realized on ${host}`, () => (agent.network.endpointOf(req.vm) ? true : undefined), 10_000);
        return agent.network.resumeVm(req.vm, req.state);
      }),
    "migration.unstun": (req) =>
      once(req.key, async () => {
        agent.network.unstunVm(req.vm, req.state);
        return { resumed: true };
      }),
    "guest.mac": async (req) => {
      vmHere(req.vm);
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(req.mac)) throw new RemoteError(RpcErrorCode.BadRequest, `invalid MAC address "${req.mac}"`);
      agent.network.changeGuestMac(req.vm, req.mac.toLowerCase());
      return { mac: req.mac.toLowerCase() };
    },
  };
  const toRemote = (op: string, err: unknown): RemoteErrorBody => {
    if (isDomainError(err) || err instanceof RemoteError) return { code: err.code, message: err.message };
    if (err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError)) return { code: RpcErrorCode.BadRequest, message: err.message };
    agent.log.error({ err, op, host }, "host request failed");
    return { code: RpcErrorCode.Internal, message: `host ${host} failed on ${op}: ${String(err)}` };
  };
  const serveOp = <Op extends HostOp>(op: Op): Subscription =>
    serve(agent.nc, Subjects.host(host, op), { op, schema: hostRequestSchemas[op], handler: handlers[op], onError: (err) => toRemote(op, err) });
  return (Object.keys(handlers) as HostOp[]).map(serveOp);
}
