import type { ActionReply, CreatePortGroupRequest, MigrateVmRequest, SetPortGroupPolicyRequest } from "@vdsim/protocol";

async function post(path: string, body: unknown): Promise<ActionReply> {
  try {
    const res = await fetch(`api/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await res.json()) as ActionReply;
  } catch (err) {
    return { ok: false, error: { code: "UNREACHABLE", message: `the dashboard service did not answer (${err instanceof Error ? err.message : String(err)})` } };
  }
}

/** The dashboard's actions; each reply carries the CLI's words for the outcome. */
export const api = {
  createPortGroup: (req: CreatePortGroupRequest) => post("portgroups", req),
  setPortGroupPolicy: (req: SetPortGroupPolicyRequest) => post("portgroups/policy", req),
  migrateVm: (req: MigrateVmRequest) => post("vms/migrate", req),
};

/** What the page shows for a reply: the CLI's stdout line, or "Error: ..." as the CLI prints it. */
export function replyText(reply: ActionReply): string {
  return reply.ok ? reply.message : `Error: ${reply.error.message}`;
}
