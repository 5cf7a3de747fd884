import type { NemesisKind, PlantedMessage } from "@vdsim/checker";
import { natsAccessAs, processOfHost, readClusterRecord, restartHost, restartManagement } from "@vdsim/cluster";
import { isAlive, stopProcess } from "@vdsim/runtime";
import { Corrupter } from "./corrupt.js";
import { clusterNodes, killNatsNode, restartNatsNode } from "./nats-node.js";
import type { NatsProxies } from "./proxy.js";

/** How to undo one injected fault. */
export type Heal = () => Promise<void>;

/** An injected fault: how to undo it, for corrupt the message it planted, for a host of a rack every host it took down. */
export interface Injected {
  readonly heal: Heal;
  readonly planted?: PlantedMessage;
  readonly hosts?: readonly string[];
}

export interface NemesisOptions {
  /** NATS credentials for the nemeses that talk to NATS themselves (corrupt); default the cluster record's */
  readonly natsCreds?: string;
}

const healed: Heal = async () => undefined;

/**
 * Injects faults into the cluster of one state dir: kill -9 / SIGSTOP a host agent, cut it off
 * from NATS at its proxy, kill -9 the management service or a NATS node. Each heal restarts,
 * resumes or reconnects what its fault broke. corrupt appends a bad message to the event
 * stream; there is nothing to heal: every follower must skip it.
 */
export class Nemesis implements AsyncDisposable {
  readonly #paused = new Set<number>();
  readonly #corrupter: Corrupter;

  constructor(
    private readonly stateDir: string,
    private readonly proxies: NatsProxies | undefined,
    options: NemesisOptions = {},
  ) {
    this.#corrupter = new Corrupter(() => {
      // appending to the stream is the admin's alone: the corrupt nemesis plants as an operator could
      const access = natsAccessAs(this.#record(), "admin");
      return { ...access, ...(options.natsCreds === undefined ? {} : { credsFile: options.natsCreds }) };
    });
  }

  /** Why this cluster cannot take a nemesis, or undefined when it can. */
  refusal(kind: NemesisKind): string | undefined {
    if (kind === "partition" && this.proxies === undefined) {
      return "partition cuts host agents off at the proxy between them and NATS that `vdsim chaos run` starts; agents started by `vdsim up` connect directly: leave partition out with --attach";
    }
    if (kind === "rack-kill" && Object.keys(this.#record().racks ?? {}).length === 0) {
      return "rack-kill kills a process of several simulated hosts; this cluster runs a process per host (start it with `vdsim up --hosts-per-process 2` or more)";
    }
    if (kind === "nats-kill" && clusterNodes(this.stateDir).length < 3) {
      return "nats-kill needs three NATS nodes started by vdsim (`vdsim up --nats-cluster 3`); this cluster has none recorded";
    }
    return undefined;
  }

  async inject(kind: NemesisKind, target: string): Promise<Injected> {
    switch (kind) {
      case "kill":
      case "rack-kill":
        await stopProcess(this.#hostPid(target), "SIGKILL");
        return { heal: async () => void (await restartHost(this.stateDir, target, { kill: true })), ...this.#rackOf(target) };
      case "pause": {
        const pid = this.#hostPid(target);
        process.kill(pid, "SIGSTOP");
        this.#paused.add(pid);
        return { heal: async () => this.#resume(pid), ...this.#rackOf(target) };
      }
      case "partition": {
        // a rack reaches NATS through its first host's proxy: one connection for all its hosts
        const proxy = this.proxies?.get(processOfHost(this.#record(), target)?.hosts[0] ?? target);
        if (!proxy) throw new Error(this.refusal("partition"));
        proxy.cut();
        return { heal: async () => proxy.heal(), ...this.#rackOf(target) };
      }
      case "mgmt-kill":
        await stopProcess(this.#record().managementPid, "SIGKILL");
        return { heal: async () => void (await restartManagement(this.stateDir, { kill: true })) };
      case "nats-kill":
        await killNatsNode(this.stateDir, target);
        return { heal: async () => void (await restartNatsNode(this.stateDir, target)) };
      case "corrupt":
        return { heal: healed, planted: await this.#corrupter.plant(target) };
    }
  }

  /** Closes the corrupt nemesis's NATS connection. */
  close(): Promise<void> {
    return this.#corrupter.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Heals whatever is still broken, however the run ended: resumes paused agents, reconnects
   * every proxy, starts again each NATS node, the management service and each host agent that is gone.
   */
  async healAll(): Promise<string[]> {
    const healed: string[] = [];
    for (const pid of [...this.#paused]) this.#resume(pid);
    this.proxies?.healAll();
    for (const n of clusterNodes(this.stateDir)) {
      if (!isAlive(n.pid)) {
        await restartNatsNode(this.stateDir, n.name);
        healed.push(n.name);
      }
    }
    if (!isAlive(this.#record().managementPid)) {
      await restartManagement(this.stateDir, { kill: true });
      healed.push("management");
    }
    const restarted = new Set<number>();
    for (const [host, pid] of Object.entries(this.#record().hosts)) {
      // a rack's hosts share a pid: the first of them restarts them all
      if (!isAlive(pid) && !restarted.has(pid)) {
        restarted.add(pid);
        await restartHost(this.stateDir, host, { kill: true });
        healed.push(host);
      }
    }
    return healed;
  }

  #resume(pid: number): void {
    this.#paused.delete(pid);
    try {
      process.kill(pid, "SIGCONT");
    } catch {
      // gone already: healAll restarts it
    }
  }

  #record() {
    const record = readClusterRecord(this.stateDir);
    if (!record) throw new Error(`no cluster recorded in ${this.stateDir}`);
    return record;
  }

  /** Every host that goes down with `host` when it runs in a rack; nothing for a process of its own. */
  #rackOf(host: string): { hosts?: readonly string[] } {
    const proc = processOfHost(this.#record(), host);
    return proc !== undefined && proc.hosts.length > 1 ? { hosts: proc.hosts } : {};
  }

  #hostPid(host: string): number {
    const pid = this.#record().hosts[host];
    if (pid === undefined) throw new Error(`host ${host} was not started from ${this.stateDir}`);
    return pid;
  }
}
