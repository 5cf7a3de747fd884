import type { Server } from "node:http";
import type { Subscription } from "@nats-io/transport-node";
import type { VdsimClient } from "@vdsim/client";
import { JetStreamEventStore, LogFollower } from "@vdsim/eventstore";
import { Subjects, checkBody, heartbeatSchema, type DashboardFeatures } from "@vdsim/protocol";
import { waitFor, type Logger } from "@vdsim/runtime";
import { DashboardActions } from "./actions.js";
import { DashboardState, RECENT_EVENTS } from "./dashboard-state.js";
import { startHttpServer } from "./http-server.js";
import { SseHub } from "./sse.js";
import { StaticFiles, defaultStaticDir } from "./static-files.js";

export interface DashboardOptions {
  /** default 127.0.0.1 */
  readonly host?: string;
  /** default 0: any free port */
  readonly port?: number;
  /** the built front end; default @vdsim/dashboard-ui's dist/web */
  readonly staticDir?: string;
  /** how often pages get what changed, ms (default 200: at 1,000 hosts heartbeats arrive 1,000 a second, pages get 5 batches) */
  readonly flushMs?: number;
  /** the least time between two topology pushes, ms (default 400) */
  readonly topologyEveryMs?: number;
  readonly features?: DashboardFeatures;
}

/** Until vMotion lands there is nothing to start a migration with. */
const FEATURES: DashboardFeatures = { vmotion: true };

/**
 * The dashboard service: folds the event log and the heartbeats into what the page shows,
 * pushes changes to every open page over server-sent events, forwards actions to management.
 */
export class DashboardService implements AsyncDisposable {
  readonly #subs: Subscription[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  #follower: LogFollower | undefined;
  #server: Server | undefined;
  #url = "";
  #lastTopology = 0;

  private constructor(
    private readonly client: VdsimClient,
    private readonly state: DashboardState,
    private readonly hub: SseHub,
    private readonly log: Logger,
  ) {}

  get url(): string {
    return this.#url;
  }

  static async start(client: VdsimClient, log: Logger, options: DashboardOptions = {}): Promise<DashboardService> {
    const state = new DashboardState(options.features ?? FEATURES);
    const hub = new SseHub((reason) => log.warn({ reason }, "dropped a page"));
    const service = new DashboardService(client, state, hub, log);
    try {
      await service.#start(options);
    } catch (err) {
      await service[Symbol.asyncDispose]();
      throw err;
    }
    return service;
  }

  async #start(options: DashboardOptions): Promise<void> {
    this.#subs.push(
      this.client.nc.subscribe(Subjects.heartbeatAll, {
        callback: (err, msg) => {
          if (err) return;
          const hb = checkBody("heartbeat", heartbeatSchema, msg.data);
          if (hb.ok) this.state.heartbeat(hb.value);
          else this.log.warn({ subject: msg.subject, reason: hb.error.message }, "dropped a heartbeat that is not one");
        },
      }),
    );
    const store = await waitFor("the event log (is the management service up?)", () => JetStreamEventStore.open(this.client.nc, { create: false }), 30_000, 250);
    const follower = new LogFollower({
      apply: (e, delivery) =>
        this.state.applyEvent(e, delivery.live ? { live: true } : { live: false, keep: e.seq > delivery.catchUpTo - RECENT_EVENTS }),
      onError: (err) => this.log.error({ err }, "event log follow failed"),
      onQuarantine: (event) => {
        this.log.warn(event, "skipped a message in the log that is not a valid event (quarantined)");
        this.state.quarantine(event);
      },
    });
    this.#follower = follower;
    const t0 = Date.now();
    await follower.start(store);
    this.log.info({ seq: follower.appliedSeq, ms: Date.now() - t0 }, "folded the event log");

    const actions = new DashboardActions(this.client);
    const files = new StaticFiles(options.staticDir ?? defaultStaticDir());
    if (!files.built()) this.log.warn({ dir: files.dir }, "the front end is not built: pages will say so");
    const { server, url } = await startHttpServer(
      {
        snapshot: () => this.state.snapshot(),
        health: () => ({ seq: this.state.seq, pages: this.hub.size }),
        action: (name, body) => actions.run(name, body),
      },
      this.hub,
      files,
      { host: options.host ?? "127.0.0.1", port: options.port ?? 0 },
      this.log,
    );
    this.#server = server;
    this.#url = url;

    const topologyEveryMs = options.topologyEveryMs ?? 400;
    this.#timers.push(
      setInterval(() => {
        const now = Date.now();
        const topology = now - this.#lastTopology >= topologyEveryMs && this.state.topologyDirty;
        if (topology) this.#lastTopology = now;
        this.hub.broadcast(this.state.drain({ topology }));
      }, options.flushMs ?? 200),
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    for (const s of this.#subs) s.unsubscribe();
    this.hub.close();
    const server = this.#server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.#follower?.stop();
  }
}
