import { decideHost, evolve, type ClusterState, type DomainEvent, type Host, type HostCommand } from "@vdsim/model";

/**
 * The host's own rules run ahead on a copy of the folded state: a method that takes several host
 * commands (a vSwitch with its uplinks and policy) checks them all before it sends the first, so a
 * refusal leaves nothing in the log. Commands that would change nothing are dropped, so a second
 * run of the same call sends nothing. The host agent still decides each command it is sent.
 */
export class HostSim {
  readonly #state: ClusterState;
  readonly #commands: HostCommand[] = [];
  readonly #events: DomainEvent[] = [];

  constructor(
    state: ClusterState,
    readonly hostName: string,
  ) {
    this.#state = structuredClone(state);
  }

  get state(): ClusterState {
    return this.#state;
  }

  /** The host as it would be after the commands run so far. */
  get host(): Host {
    const h = this.#state.hosts[this.hostName];
    if (!h) throw new Error(`host ${this.hostName} is not in the log`);
    return h;
  }

  /** The commands to send, in order: the ones that change something. */
  get commands(): readonly HostCommand[] {
    return this.#commands;
  }

  get events(): readonly DomainEvent[] {
    return this.#events;
  }

  /** Decides `command` as the host would (a DomainError when it refuses) and applies what it causes. */
  run(command: HostCommand): readonly DomainEvent[] {
    const events = decideHost(command, this.#state, this.hostName);
    for (const e of events) evolve(this.#state, e);
    if (events.length > 0) {
      this.#commands.push(command);
      this.#events.push(...events);
    }
    return events;
  }
}
