import type { StoredEvent } from "@vdsim/eventstore";
import {
  decide,
  envelope,
  eventSubject,
  evolve,
  initialState,
  type ClusterState,
  type DomainEvent,
  type EventEnvelope,
  type ManagementCommand,
} from "@vdsim/model";

/** An event log built by the real decider, for tests: each command becomes the next stored event. */
export class TestLog {
  readonly state: ClusterState = initialState();
  readonly events: StoredEvent[] = [];

  constructor(private clock = Date.parse("2026-01-01T00:00:00Z")) {}

  get seq(): number {
    return this.events.length;
  }

  /** Decides a command at the log's clock (advanced by `afterMs` first) and records its event. */
  run(command: ManagementCommand, afterMs = 10): StoredEvent {
    this.clock += afterMs;
    const events = decide(command, this.state, { isHostResponding: () => true });
    if (events.length !== 1) throw new Error(`${command.type} decided ${events.length} events`);
    return this.record(events[0]!);
  }

  record(event: DomainEvent | { type: string; data: Readonly<Record<string, unknown>> }): StoredEvent {
    const known = event as DomainEvent;
    const seq = this.seq + 1;
    const env = envelope(known, { commandId: `cmd-${seq}`, time: new Date(this.clock).toISOString() }) as EventEnvelope;
    let subject: string;
    try {
      subject = eventSubject(known);
      evolve(this.state, known);
    } catch {
      subject = `vdsim.evt.global.test.${seq}`;
    }
    // a test may record a type the model does not know, as a log written by someone else could hold
    const stored: StoredEvent = { seq, subject, envelope: { ...env, type: event.type, data: event.data } as EventEnvelope };
    this.events.push(stored);
    return stored;
  }

  get time(): number {
    return this.clock;
  }
}

/** Three hosts on dvs1 with a port group "web" and a VM on each of the first two. */
export function threeHostLog(): TestLog {
  const log = new TestLog();
  for (const h of ["esx-01", "esx-02", "esx-03"]) log.run({ type: "RegisterHost", host: h, pnics: ["vmnic0", "vmnic1"] });
  log.run({ type: "CreateDistributedSwitch", vds: "dvs1" });
  for (const h of ["esx-01", "esx-02", "esx-03"]) log.run({ type: "AddHostToDistributedSwitch", vds: "dvs1", host: h });
  log.run({ type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "web", vlan: { kind: "vlan", id: 10 } });
  log.run({ type: "CreateVm", vm: "web-01", host: "esx-01", networks: ["web"] });
  log.run({ type: "CreateVm", vm: "web-02", host: "esx-02", networks: ["web", "VM Network"] });
  return log;
}

/** `n` hosts named as `vdsim up` names them (esx-01 .. esx-99, esx-100 ..), all on dvs1 with port group "web". */
export function manyHostLog(n: number): TestLog {
  const log = new TestLog();
  const hosts = Array.from({ length: n }, (_, i) => `esx-${String(i + 1).padStart(2, "0")}`);
  for (const h of hosts) log.run({ type: "RegisterHost", host: h, pnics: ["vmnic0", "vmnic1"] });
  log.run({ type: "CreateDistributedSwitch", vds: "dvs1" });
  for (const h of hosts) log.run({ type: "AddHostToDistributedSwitch", vds: "dvs1", host: h });
  log.run({ type: "AddDistributedPortGroup", vds: "dvs1", portgroup: "web", vlan: { kind: "vlan", id: 10 } });
  return log;
}
