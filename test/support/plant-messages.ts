import { encode } from "@msgpack/msgpack";
import { jetstream } from "@nats-io/jetstream";
import { natsAccessAs, readClusterRecord } from "@vdsim/cluster";
import { connectNats } from "@vdsim/runtime";

/** A message no writer of vdsim could have written, and where it goes. */
export interface BadMessage {
  readonly what: string;
  readonly subject: string;
  readonly data: Uint8Array;
}

const meta = { time: "2026-12-03T08:00:00.000Z", id: "planted", correlationId: "planted" };

/** Bad messages of every kind a follower must quarantine (all but the last checked by the codec alone). */
export function badMessages(vm: string): BadMessage[] {
  return [
    { what: "undecodable bytes", subject: "vdsim.evt.global.vds.x", data: new Uint8Array([1, 2, 3, 4]) },
    { what: "an unknown event type", subject: "vdsim.evt.global.host.esx-01", data: encode({ type: "HostExploded", v: 1, ...meta, data: { host: "esx-01" } }) },
    { what: "a known type with a wrong shape", subject: `vdsim.evt.global.vm.${vm}`, data: encode({ type: "VmRemoved", v: 1, ...meta, data: { vm: 42 } }) },
    { what: "a future schema version", subject: `vdsim.evt.global.vm.${vm}`, data: encode({ type: "VmRemoved", v: 99, ...meta, data: { vm } }) },
    { what: "a valid event on another writer's subject", subject: `vdsim.evt.host.esx-01.vm.${vm}`, data: encode({ type: "VmRemoved", v: 1, ...meta, data: { vm } }) },
    {
      what: "an event about a switch the log never created",
      subject: "vdsim.evt.global.vds.ghost",
      data: encode({ type: "HostAddedToDistributedSwitch", v: 2, ...meta, data: { vds: "ghost", host: "esx-01", uplinks: {}, uplinkPorts: {} } }),
    },
  ];
}

/** Appends each message straight onto the event stream of the cluster in `stateDir`; returns their sequences. */
export async function plantMessages(stateDir: string, messages: readonly BadMessage[]): Promise<number[]> {
  const record = readClusterRecord(stateDir);
  if (!record) throw new Error(`no cluster in ${stateDir}`);
  // only the admin may append to the stream outside its writers' subjects
  const nc = await connectNats({ ...natsAccessAs(record, "admin"), name: "test-plant" });
  try {
    const js = jetstream(nc);
    const seqs: number[] = [];
    for (const m of messages) seqs.push((await js.publish(m.subject, m.data)).seq);
    return seqs;
  } finally {
    await nc.close();
  }
}
