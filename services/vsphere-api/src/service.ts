import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { JetStreamEventStore, LogFollower } from "@vdsim/eventstore";
import { Subjects, checkBody, heartbeatSchema } from "@vdsim/protocol";
import { waitFor, type Logger } from "@vdsim/runtime";
import { VdsimClient } from "@vdsim/client";
import { apiMethods } from "./api/api-methods.js";
import { dvsManagerSource } from "./switches/mod.js";
import type { ApiDeps } from "./api/method.js";
import { VimApi } from "./api/vim-api.js";
import { ChangeSignal } from "./changes.js";
import { TaskStore } from "./tasks/task-store.js";
import { startSdkServer, type SdkServer } from "./http-server.js";
import { buildInventory } from "./inventory/build-inventory.js";
import { InventoryContext } from "./inventory/context.js";
import { FoldedCluster } from "./inventory/folded-cluster.js";
import type { ObjectMap } from "./inventory/managed-object.js";
import { HostLiveness } from "./liveness.js";
import { VsphereEventFold } from "./events/event-fold.js";
import { eventManagerSource } from "./events/event-methods.js";

export interface VsphereApiOptions {
  /** default 127.0.0.1 */
  readonly host?: string;
  /** 0: any free port */
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
  readonly userName: string;
  readonly password: string;
  readonly vdsimVersion: string;
  readonly instanceUuid: string;
}

/** How often host liveness is looked at: a host that stopped beating is notResponding within this of the limit. */
const LIVENESS_POLL_MS = 500;

/**
 * The vSphere API service: folds the event log and the heartbeats into vCenter's inventory and
 * answers vim25 SOAP over HTTPS at /sdk. It decides nothing itself.
 */
export class VsphereApiService implements AsyncDisposable {
  readonly #subs: Subscription[] = [];
  readonly #cluster = new FoldedCluster();
  readonly #liveness = new HostLiveness();
  readonly #changes = new ChangeSignal();
  #follower: LogFollower | undefined;
  #sdk: SdkServer | undefined;
  #livenessTimer: NodeJS.Timeout | undefined;
  /** moves when any host's connection state moved */
  #livenessVersion = 0;
  #cached: { key: string; objects: ObjectMap } | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: Logger,
  ) {}

  get url(): string {
    return this.#sdk?.url ?? "";
  }

  static async start(nc: NatsConnection, log: Logger, options: VsphereApiOptions): Promise<VsphereApiService> {
    const service = new VsphereApiService(nc, log);
    try {
      await service.#start(options);
    } catch (err) {
      await service[Symbol.asyncDispose]();
      throw err;
    }
    return service;
  }

  async #start(options: VsphereApiOptions): Promise<void> {
    this.#subs.push(
      this.nc.subscribe(Subjects.heartbeatAll, {
        callback: (err, msg) => {
          if (err) return;
          const hb = checkBody("heartbeat", heartbeatSchema, msg.data);
          if (hb.ok) this.#liveness.heard(hb.value.host);
          else this.log.warn({ subject: msg.subject, reason: hb.error.message }, "dropped a heartbeat that is not one");
        },
      }),
    );
    const store = await waitFor("the event log (is the management service up?)", () => JetStreamEventStore.open(this.nc, { create: false }), 30_000, 250);
    const events = new VsphereEventFold(options.userName);
    const follower = new LogFollower({
      apply: (e) => {
        this.#cluster.apply(e);
        events.apply(e);
        this.#changes.bump();
      },
      onError: (err) => this.log.error({ err }, "event log follow failed"),
      onQuarantine: (event) => this.log.warn(event, "skipped a message in the log that is not a valid event (quarantined)"),
    });
    this.#follower = follower;
    await follower.start(store);
    this.log.info({ seq: follower.appliedSeq }, "folded the event log");

    const ctx = new InventoryContext(this.#cluster, (h) => this.#liveness.state(h), new Date());
    this.#watchLiveness(ctx, events);
    const tasks = new TaskStore(this.#changes);
    const deps: ApiDeps = { cluster: VdsimClient.over(this.nc), ctx, tasks, events, changes: this.#changes, log: this.log };
    const api = new VimApi({
      userName: options.userName,
      password: options.password,
      about: { vdsimVersion: options.vdsimVersion, instanceUuid: options.instanceUuid },
      inventory: () => this.#inventory(ctx),
      log: this.log.child({ component: "vim25" }),
      methods: apiMethods(deps),
      sources: [tasks, dvsManagerSource, { get: (ref) => (ref.type === "TaskManager" ? tasks.managerObject() : undefined) }, eventManagerSource(deps)],
    });
    this.#sdk = await startSdkServer((body, caller) => api.handle(body, caller.cookie, caller.peer, caller.userAgent, caller.signal), { host: options.host ?? "127.0.0.1", port: options.port, certFile: options.certFile, keyFile: options.keyFile }, this.log);
  }

  /** The inventory, built again only when what it shows moved: the folded log, a host's liveness, what the API keeps beside the log (not a task's progress). */
  #inventory(ctx: InventoryContext): ObjectMap {
    const key = `${this.#cluster.seq}/${this.#livenessVersion}/${ctx.localVersion}`;
    if (this.#cached?.key === key) return this.#cached.objects;
    const objects = buildInventory(ctx);
    this.#cached = { key, objects };
    return objects;
  }

  /** Bumps the change signal when any host's connection state moved (it moves with time, not with events), and adds the connection events to the fold. */
  #watchLiveness(ctx: InventoryContext, events: VsphereEventFold): void {
    let last = "";
    const look = (): void => {
      const now = Object.keys(ctx.state.hosts)
        .map((h) => `${h}=${this.#liveness.state(h)}`)
        .join(",");
      // the connection events (lost, reconnection failed, connected) come from the same look
      const before = events.size;
      events.observeLiveness((h) => this.#liveness.state(h) === "connected");
      const moved = now !== last;
      if (moved) {
        last = now;
        this.#livenessVersion++;
      }
      if (moved || events.size !== before) this.#changes.bump();
    };
    look();
    this.#livenessTimer = setInterval(look, LIVENESS_POLL_MS);
    this.#livenessTimer.unref();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    clearInterval(this.#livenessTimer);
    for (const s of this.#subs) s.unsubscribe();
    await this.#sdk?.[Symbol.asyncDispose]();
    await this.#follower?.stop();
  }
}
