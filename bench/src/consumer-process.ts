#!/usr/bin/env node
/**
 * A plain JetStream consumer in a process of its own, for the propagation baseline: it reads the
 * stream from new messages and, for each, publishes a one-word ack on core NATS, as a host agent
 * reports the sequence it applied. argv: NATS_URL STREAM ACK_SUBJECT
 */
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import { connectNats } from "@vdsim/runtime";

const [url, stream, ackSubject] = process.argv.slice(2);
if (!url || !stream || !ackSubject) {
  console.error("usage: consumer-process NATS_URL STREAM ACK_SUBJECT");
  process.exit(2);
}
const nc = await connectNats({ servers: url, name: `bench-consumer-${process.pid}` });
const messages = await (await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.New })).consume();
process.on("SIGTERM", () => void messages.close().then(() => nc.close()).finally(() => process.exit(0)));
nc.publish(`${ackSubject}.ready`, new Uint8Array());
for await (const m of messages) nc.publish(ackSubject, m.data.subarray(0, 4));
