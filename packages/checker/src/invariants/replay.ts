import { canonicalHash, type HostRealizedConfig } from "@vdsim/model";
import { respondingHosts, silentHosts, type CheckContext } from "../context.js";
import { lastChanges } from "../log-fold.js";
import { eventRef, mergeStories, type About } from "../story.js";
import type { EventRef, InvariantResult } from "../types.js";

export const REPLAY = "replay-matches-live";

/** The objects of a host's configuration, each under a key that names it in vSphere words. */
function objects(config: HostRealizedConfig): Map<string, { about: About; value: unknown }> {
  const out = new Map<string, { about: About; value: unknown }>();
  for (const sw of config.proxySwitches) {
    out.set(`proxy switch ${sw.vds}`, { about: { vds: sw.vds }, value: { ...sw, portGroups: undefined } });
    for (const pg of sw.portGroups) out.set(`port group ${pg.name} on ${sw.vds}`, { about: { portgroup: pg.name }, value: pg });
  }
  for (const p of config.dvPorts) out.set(`dvPort ${p.vds}/${p.key} (VM ${p.vm}, port group ${p.portgroup})`, { about: { vm: p.vm, portgroup: p.portgroup }, value: p });
  for (const p of config.standardPorts) out.set(`standard port of VM ${p.vm} nic ${p.nic} on ${p.vswitch}`, { about: { vm: p.vm }, value: p });
  for (const sw of config.standardSwitches) out.set(`standard switch ${sw.name}`, { about: { host: config.host }, value: sw });
  for (const v of config.vmknics) out.set(`vmknic ${v.name}`, { about: { host: config.host }, value: v });
  out.set("physical NICs", { about: { host: config.host }, value: config.pnics });
  return out;
}

const objectHashes = (config: HostRealizedConfig): Map<string, string> => new Map([...objects(config)].map(([k, o]) => [k, canonicalHash(o.value)]));

/** Which objects differ between a live configuration and the replayed one. */
export function configDifferences(live: HostRealizedConfig, replayed: HostRealizedConfig): Array<{ key: string; what: string; about: About }> {
  const a = objects(live);
  const b = objects(replayed);
  const out: Array<{ key: string; what: string; about: About }> = [];
  for (const [key, { about, value }] of b) {
    const mine = a.get(key);
    if (!mine) out.push({ key, what: `${key} is missing live`, about });
    else if (canonicalHash(mine.value) !== canonicalHash(value)) out.push({ key, what: `${key} differs`, about });
  }
  for (const [key, { about }] of a) if (!b.has(key)) out.push({ key, what: `${key} is live but not in the log`, about });
  return out;
}

/** Replaying the log reproduces the management service's state and every host agent's realized state (state hashes). */
export function replayMatchesLive(ctx: CheckContext): InvariantResult {
  const { events } = ctx.observation;
  const problems: string[] = [];
  const stories: EventRef[][] = [];
  const mgmt = ctx.observation.management;
  if (!mgmt) problems.push("the management service did not answer: its state could not be compared");
  else if (mgmt.seq > ctx.log.lastSeq) problems.push(`the management service is at sequence ${mgmt.seq}, past the log's end (${ctx.log.lastSeq})`);
  else if (mgmt.hash !== ctx.log.managementHash) {
    problems.push(`the management service's state differs from the log replayed to sequence ${mgmt.seq}`);
    stories.push(events.filter((e) => e.seq <= mgmt.seq).slice(-5).map(eventRef));
  }
  for (const host of silentHosts(ctx)) problems.push(`host ${host} did not answer: its state could not be compared`);
  for (const { host, report } of respondingHosts(ctx)) {
    const replayed = ctx.log.hosts.get(host);
    if (report.appliedSeq > ctx.log.lastSeq) {
      problems.push(`host ${host} reports sequence ${report.appliedSeq}, past the log's end (${ctx.log.lastSeq})`);
      continue;
    }
    if (!replayed || replayed.hash === report.hash) continue;
    const diffs = configDifferences(report.config, replayed.config);
    const what = diffs.length > 0 ? `: ${diffs.map((d) => d.what).join(", ")}` : "";
    problems.push(`host ${host}'s realized state differs from the log replayed to sequence ${report.appliedSeq}${what}`);
    const keys = new Set(diffs.map((d) => d.key));
    stories.push(lastChanges(events, host, report.appliedSeq, keys, objectHashes).map(eventRef));
  }
  const checked = respondingHosts(ctx).length + (mgmt ? 1 : 0);
  if (problems.length === 0) return { name: REPLAY, ok: true, evaluated: true, detail: `management and ${checked - 1} hosts match the log replayed to their sequences` };
  return { name: REPLAY, ok: false, evaluated: true, detail: problems.join("; "), events: mergeStories(...stories) };
}
