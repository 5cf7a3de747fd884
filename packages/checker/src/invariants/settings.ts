import { canonicalHash, type PortGroupPolicy } from "@vdsim/model";
import { respondingHosts, type CheckContext } from "../context.js";
import { story, type About } from "../story.js";
import type { InvariantResult } from "../types.js";

export const SETTINGS = "dvport-settings";

const PROXY_PREFIX = "dvs:";

/** The policy sections in which two policies differ. */
export function policyDifferences(live: PortGroupPolicy, desired: PortGroupPolicy): Array<keyof PortGroupPolicy> {
  const sections = Object.keys(desired) as Array<keyof PortGroupPolicy>;
  return sections.filter((s) => canonicalHash(live[s]) !== canonicalHash(desired[s]));
}

/** Every active dvPort (a VM's or vmknic's, in a host's data plane) has its port group's current policy. */
export function dvPortSettings(ctx: CheckContext): InvariantResult {
  const { state } = ctx.log;
  const problems: string[] = [];
  const abouts: About[] = [];
  let checked = 0;
  for (const { host, report } of respondingHosts(ctx)) {
    for (const p of report.dataPlane) {
      if (!p.switch.startsWith(PROXY_PREFIX) || p.owner === undefined) continue;
      checked++;
      const vds = p.switch.slice(PROXY_PREFIX.length);
      const pg = state.portGroups[p.portGroup];
      if (!pg || pg.vds !== vds) {
        problems.push(`host ${host}: dvPort ${p.portId} of ${p.owner} is on port group ${p.portGroup} of ${vds}, which the log does not have`);
        abouts.push({ portgroup: p.portGroup });
        continue;
      }
      const differs = policyDifferences(p.policy, pg.policy);
      if (differs.length === 0) continue;
      const shown = differs.map((s) => `${s} ${JSON.stringify(p.policy[s])} instead of ${JSON.stringify(pg.policy[s])}`);
      problems.push(`host ${host}: dvPort ${p.portId} of ${p.owner} (port group ${pg.name} on ${vds}) has ${shown.join(", ")}`);
      abouts.push({ portgroup: pg.name });
    }
  }
  if (problems.length === 0) return { name: SETTINGS, ok: true, evaluated: true, detail: `${checked} active dvPorts match their port groups` };
  return { name: SETTINGS, ok: false, evaluated: true, detail: problems.join("; "), events: story(ctx.observation.events, abouts) };
}
