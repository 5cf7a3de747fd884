import type { StoredEvent } from "@vdsim/eventstore";
import { evolve, hostsConcernedBy, initialState, isHostEvent, toDomainEvent, type ClusterState } from "@vdsim/model";
import type {
  DashboardEvent,
  DashboardFeatures,
  DashboardHost,
  DashboardMessage,
  DashboardSnapshot,
  Heartbeat,
  Propagation,
  QuarantinedMessage,
  QuarantineView,
} from "@vdsim/protocol";
import { toDashboardEvent } from "./event-view.js";
import { HostChangeTracker, TopologyCache } from "./changes.js";
import { HeartbeatView } from "./liveness.js";
import { PropagationTracker } from "./propagation.js";

/** How many of the latest events a new page gets. */
export const RECENT_EVENTS = 500;

/**
 * What the dashboard knows: the cluster folded from the log, each host agent's heartbeats,
 * the timing of recent changes. Collects what changed until the next drain().
 */
export class DashboardState {
  readonly #state: ClusterState = initialState();
  #seq = 0;
  readonly #events: DashboardEvent[] = [];
  readonly #heartbeats: HeartbeatView;
  readonly #tracker = new PropagationTracker();
  #pendingEvents: DashboardEvent[] = [];
  /** sequences of the changes whose timing moved since the last drain */
  readonly #pendingPropagations = new Set<number>();
  readonly #topology = new TopologyCache();
  readonly #hostChanges = new HostChangeTracker();

  readonly #quarantined: QuarantinedMessage[] = [];
  #quarantinedCount = 0;
  #quarantineDirty = false;

  constructor(
    readonly features: DashboardFeatures,
    /** replaces the clocks of the heartbeats (a test's fake time) */
    clock?: () => number,
  ) {
    this.#heartbeats = new HeartbeatView(clock);
  }

  get seq(): number {
    return this.#seq;
  }

  /**
   * Folds the next event (the log follower delivers each once, in order). `live` ones (read after
   * start-up) are pushed to pages and, when they concern hosts, timed until each applied them;
   * `keep` adds a start-up one to the recent list.
   */
  applyEvent(e: StoredEvent, options: { live: boolean; keep?: boolean }): void {
    const event = toDomainEvent(e.envelope);
    // throws before it changes anything on an event that does not apply: the follower quarantines it (applyOrQuarantine)
    const touched = hostsConcernedBy(event, this.#state);
    // host-scoped events are the host's own doing: nothing to time
    const concerned = isHostEvent(event) ? [] : touched;
    evolve(this.#state, event);
    this.#seq = e.seq;
    this.#topology.touch(touched);
    if (!options.live && !options.keep) return;
    const view = toDashboardEvent(e, concerned);
    this.#events.push(view);
    if (this.#events.length > RECENT_EVENTS) this.#events.splice(0, this.#events.length - RECENT_EVENTS);
    if (!options.live) return;
    this.#pendingEvents.push(view);
    if (concerned.length > 0) {
      const p = this.#tracker.track({ ...view, hosts: concerned }, (host) => {
        const appliedSeq = this.#heartbeats.appliedSeq(host);
        const at = this.#heartbeats.lastHeard(host);
        return appliedSeq === null || at === null ? null : { appliedSeq, at };
      });
      this.#pendingPropagations.add(p.seq);
    }
  }

  heartbeat(beat: Heartbeat): void {
    const at = this.#heartbeats.record(beat);
    for (const seq of this.#tracker.heartbeat(beat.host, beat.appliedSeq, at)) this.#pendingPropagations.add(seq);
  }

  snapshot(): DashboardSnapshot {
    return {
      topology: this.#topology.full(this.#state, this.#seq),
      hosts: this.#hosts(),
      events: [...this.#events],
      propagations: this.#tracker.recent(),
      features: this.features,
      quarantined: this.#quarantineView(),
    };
  }

  /** A message of the log the follower skipped: shown to every page, with its sequence, subject and reason. */
  quarantine(q: QuarantinedMessage): void {
    this.#quarantinedCount++;
    this.#quarantined.push(q);
    if (this.#quarantined.length > 100) this.#quarantined.shift();
    this.#seq = Math.max(this.#seq, q.seq);
    this.#quarantineDirty = true;
  }

  #quarantineView(): QuarantineView {
    return { count: this.#quarantinedCount, latest: [...this.#quarantined] };
  }

  /** What changed since the last drain, as messages for every open page; topology only when asked. */
  drain(options: { topology: boolean }): DashboardMessage[] {
    const out: DashboardMessage[] = [];
    const topology = options.topology ? this.#topology.changes(this.#state, this.#seq) : null;
    if (topology) out.push({ kind: "topologyChanges", changes: topology });
    const hosts = this.#hostChanges.changes(this.#hosts());
    if (hosts) out.push({ kind: "hostChanges", changes: hosts });
    if (this.#pendingEvents.length > 0) {
      out.push({ kind: "events", events: this.#pendingEvents });
      this.#pendingEvents = [];
    }
    if (this.#quarantineDirty) {
      this.#quarantineDirty = false;
      out.push({ kind: "quarantined", quarantined: this.#quarantineView() });
    }
    const propagations = [...this.#pendingPropagations]
      .sort((a, b) => a - b)
      .map((seq) => this.#tracker.view(seq))
      .filter((p): p is Propagation => p !== undefined);
    this.#pendingPropagations.clear();
    if (propagations.length > 0) out.push({ kind: "propagations", propagations });
    return out;
  }

  get topologyDirty(): boolean {
    return this.#topology.dirty;
  }

  #hosts(): DashboardHost[] {
    return this.#heartbeats.hosts(Object.keys(this.#state.hosts));
  }
}
