import type { EventStore } from "@vdsim/eventstore";
import type { PlantedBug } from "@vdsim/runtime";
import type { HostAgentOptions } from "../agent.js";
import { PlantedHostStore } from "./planted-host-store.js";
import { SourceReleaseLeak } from "./source-release-leak.js";

/** The host agent's parts with `bugs` planted (the bugs of this host only); none: the parts as they are. */
export function plantInHost(store: EventStore, bugs: readonly PlantedBug[], host: string): Pick<HostAgentOptions, "store" | "topologyOf"> {
  const drop = bugs.find((b) => b.kind === "drop-applied-event");
  const leak = bugs.some((b) => b.kind === "skip-source-release") ? new SourceReleaseLeak(host) : undefined;
  if (!drop && !leak) return { store };
  const planted = new PlantedHostStore(store, {
    ...(drop ? { drop: drop.event } : {}),
    ...(leak ? { observe: (env) => leak.observe(env) } : {}),
  });
  return { store: planted, ...(leak ? { topologyOf: leak.topologyOf } : {}) };
}
