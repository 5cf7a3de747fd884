import type { VdsimClient } from "@vdsim/client";
import { DomainErrorCode, isDomainError, parseVlan, type PortGroupPolicyPatch } from "@vdsim/model";
import { RemoteError, RpcErrorCode, type ActionReply, type CommandResult } from "@vdsim/protocol";

/** The part of the client the actions use (a fake in unit tests). */
export type ActionsClient = Pick<VdsimClient, "addPortGroup" | "setPortGroupPolicy" | "migrate">;

export interface ActionOutcome {
  readonly status: number;
  readonly reply: ActionReply;
}

/** A request the dashboard refuses before asking the management service. */
class BadRequest extends Error {
  override readonly name = "BadRequest";
}

type Body = Readonly<Record<string, unknown>>;

/** The dashboard's actions: the same commands, and the same words, as `vdsim vds portgroup add/set`. */
export class DashboardActions {
  constructor(private readonly client: ActionsClient) {}

  async run(action: string, body: unknown): Promise<ActionOutcome> {
    try {
      const b = asBody(body);
      switch (action) {
        case "portgroups":
          return ok(await this.#addPortGroup(b));
        case "portgroups/policy":
          return ok(await this.#setPolicy(b));
        case "vms/migrate": {
          const vm = text(b, "vm");
          const destination = text(b, "destination");
          const { migration, seq } = await this.client.migrate(vm, destination);
          return { status: 200, reply: { ok: true, seq, message: `migration ${migration}: ${vm} -> ${destination}` } };
        }
        default:
          return failure(404, "NOT_FOUND", `no such action: ${action}`);
      }
    } catch (err) {
      return toFailure(err);
    }
  }

  async #addPortGroup(b: Body): Promise<{ result: CommandResult; what: string }> {
    const vds = text(b, "vds");
    const portgroup = text(b, "portgroup");
    const vlan = optionalText(b, "vlan");
    const ports = b.ports === undefined || b.ports === null || b.ports === "" ? undefined : Number(b.ports);
    if (ports !== undefined && !Number.isInteger(ports)) throw new BadRequest(`expected an integer number of ports, got "${String(b.ports)}"`);
    const opts = { ...(vlan ? { vlan: parseVlan(vlan) } : {}), ...(ports === undefined ? {} : { ports }) };
    return { result: await this.client.addPortGroup(vds, portgroup, opts), what: `added port group ${portgroup} to ${vds}` };
  }

  async #setPolicy(b: Body): Promise<{ result: CommandResult; what: string }> {
    const vds = text(b, "vds");
    const portgroup = text(b, "portgroup");
    const vlan = optionalText(b, "vlan");
    const patch: PortGroupPolicyPatch = {
      ...(vlan ? { vlan: parseVlan(vlan) } : {}),
      ...flag(b, "allowPromiscuous"),
      ...flag(b, "allowMacChanges"),
      ...flag(b, "allowForgedTransmits"),
      ...flag(b, "blocked"),
      ...flag(b, "notifySwitches"),
    };
    return { result: await this.client.setPortGroupPolicy(vds, portgroup, patch), what: `reconfigured port group ${portgroup} on ${vds}` };
  }
}

function ok({ result, what }: { result: CommandResult; what: string }): ActionOutcome {
  const message = result.seq === null ? `${what}: already so, nothing recorded` : `${what} (event ${result.seq})`;
  return { status: 200, reply: { ok: true, seq: result.seq, message } };
}

function failure(status: number, code: string, message: string): ActionOutcome {
  return { status, reply: { ok: false, error: { code, message } } };
}

const STATUS_OF: Readonly<Record<string, number>> = {
  [DomainErrorCode.NotFound]: 404,
  [DomainErrorCode.AlreadyExists]: 409,
  [DomainErrorCode.InUse]: 409,
  [DomainErrorCode.NoFreePort]: 409,
  [DomainErrorCode.HostNotResponding]: 503,
  [RpcErrorCode.Conflict]: 409,
  [RpcErrorCode.NotResponding]: 503,
  [RpcErrorCode.Internal]: 500,
};

/** The error as the CLI prints it after "Error: ". */
export function toFailure(err: unknown): ActionOutcome {
  if (err instanceof BadRequest) return failure(400, RpcErrorCode.BadRequest, err.message);
  if (isDomainError(err) || err instanceof RemoteError) return failure(STATUS_OF[err.code] ?? 400, err.code, err.message);
  return failure(500, RpcErrorCode.Internal, err instanceof Error ? err.message : String(err));
}

function asBody(body: unknown): Body {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequest("expected a JSON object");
  return body as Body;
}

function text(b: Body, key: string): string {
  const v = b[key];
  if (typeof v !== "string" || v.trim() === "") throw new BadRequest(`missing ${key}`);
  return v.trim();
}

function optionalText(b: Body, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new BadRequest(`expected ${key} to be text`);
  return v.trim() === "" ? undefined : v.trim();
}

function flag(b: Body, key: keyof PortGroupPolicyPatch & string): Partial<Record<string, boolean>> {
  const v = b[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== "boolean") throw new BadRequest(`expected ${key} to be true or false`);
  return { [key]: v };
}
