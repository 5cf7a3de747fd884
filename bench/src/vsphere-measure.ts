/**
 * The calls the vsphere benchmark times against one server (vdsim's vSphere API or vcsim): the
 * 100-VM RetrievePropertiesEx and a watched change, each with the plain HTTPS client posting
 * pyVmomi's bodies (the server's cost) and with pyVmomi itself (what a user's script sees).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Cleanup } from "./cleanup.js";
import { summarize, type LatencySummary } from "./stats.js";
import { PythonLines, ROOT, runPython, type SoapServer } from "./vsphere-servers.js";
import { SoapFault, SoapTemplate, containerView, countTags, firstText, login, retrieveAll, type SoapSession } from "./vsphere-soap.js";

/** Time given to a watcher's WaitForUpdatesEx to reach the server and block before the change is made. */
const WATCH_SETTLE_MS = 30;

const ms = (from: bigint, to: bigint): number => Number(to - from) / 1e6;

export interface RetrievalFigures extends LatencySummary {
  readonly objects: number;
  readonly reply_bytes?: number;
  readonly devices?: number;
}

/** The bodies pyVmomi sent in this run equal the ones the plain client posts (else the plain figures time another call). */
export interface BodyCheck {
  readonly soapAction: string;
  readonly sameBody: boolean;
}

export async function retrievePyVmomi(cleanup: Cleanup, server: SoapServer, iterations: number, warmup: number, expected: number): Promise<{ figures: RetrievalFigures; check: BodyCheck }> {
  const out = await runPython<{ samples_ms: number[]; objects: number; devices: number; body: string; soap_action: string; view: string }>(cleanup, "retrieve.py", server, [String(iterations), String(warmup)]);
  if (out.objects !== expected) throw new Error(`pyVmomi retrieved ${out.objects} VMs from ${server.name}, expected ${expected}`);
  const sameBody = SoapTemplate.load(ROOT, "RetrievePropertiesEx").fill({ view: out.view }) === out.body;
  return { figures: { ...summarize(out.samples_ms), objects: out.objects, devices: out.devices }, check: { soapAction: out.soap_action, sameBody } };
}

export async function retrievePlain(server: SoapServer, soapAction: string, iterations: number, warmup: number, expected: number): Promise<RetrievalFigures> {
  const { session, refs } = await login(server.url, server.user, server.password, soapAction);
  try {
    const view = await containerView(session, refs, "VirtualMachine");
    const body = SoapTemplate.load(ROOT, "RetrievePropertiesEx").fill({ view });
    const samples: number[] = [];
    let last = { objects: 0, bytes: 0 };
    for (let i = 0; i < warmup + iterations; i++) {
      const t = process.hrtime.bigint();
      last = await retrieveAll(session, refs, body);
      const d = ms(t, process.hrtime.bigint());
      if (last.objects !== expected) throw new Error(`plain RetrievePropertiesEx got ${last.objects} VMs from ${server.name}, expected ${expected}`);
      if (i >= warmup) samples.push(d);
    }
    return { ...summarize(samples), objects: last.objects, reply_bytes: last.bytes };
  } finally {
    session.close();
  }
}

/** What is watched: one property of one object. */
export interface Watched {
  readonly type: string;
  readonly moid: string;
  readonly property: string;
}

/** Makes the i-th change to the watched property (each one a real change: the value differs from the last). */
export type Change = (i: number) => Promise<void>;

export interface WatchFigures extends LatencySummary {
  readonly watcher: string;
}

/**
 * The plain client's watcher: CreateFilter and WaitForUpdatesEx as pyVmomi sends them; each
 * change is timed from just before it is made until the update's reply has arrived.
 */
export async function watchPlain(server: SoapServer, soapAction: string, watched: Watched, change: Change, changes: number, warmup: number): Promise<WatchFigures> {
  const { session, refs } = await login(server.url, server.user, server.password, soapAction);
  try {
    await session.call("CreateFilter", SoapTemplate.load(ROOT, "CreateFilter").fill({ type: watched.type, moid: watched.moid, property: watched.property }));
    const wait = SoapTemplate.load(ROOT, "WaitForUpdatesEx");
    let version = versionOf(await session.call("WaitForUpdatesEx", wait.fill({ version: "" })));
    const samples: number[] = [];
    for (let i = 0; i < warmup + changes; i++) {
      let seenAt = 0n;
      const seen = waitForProperty(session, wait, version, watched.property).then((r) => {
        seenAt = process.hrtime.bigint();
        return r;
      });
      // a change that fails leaves this wait to end when the session closes: not an unhandled rejection
      seen.catch(() => undefined);
      await sleep(WATCH_SETTLE_MS);
      const t0 = process.hrtime.bigint();
      await change(i);
      version = await seen;
      if (i >= warmup) samples.push(ms(t0, seenAt));
    }
    return { ...summarize(samples), watcher: "plain HTTPS: WaitForUpdatesEx as pyVmomi sends it" };
  } finally {
    session.close();
  }
}

function versionOf(reply: string): string {
  const v = firstText(reply, "version");
  if (v === undefined) throw new Error("WaitForUpdatesEx returned no version");
  return v;
}

/** WaitForUpdatesEx from a version until an update carries the property; returns the new version. */
async function waitForProperty(session: SoapSession, wait: SoapTemplate, from: string, property: string): Promise<string> {
  let version = from;
  for (;;) {
    const reply = await session.call("WaitForUpdatesEx", wait.fill({ version }));
    if (countTags(reply, "returnval") === 0) continue; // maxWaitSeconds passed with no update
    version = versionOf(reply);
    if (reply.includes(`<name>${property}</name>`)) return version;
  }
}

/** pyVmomi's watcher (bench/vsphere/watch.py): each change timed until the script holds the update (same CLOCK_MONOTONIC). */
export async function watchPyVmomi(cleanup: Cleanup, server: SoapServer, watched: Watched, change: Change, changes: number, warmup: number): Promise<{ figures: WatchFigures; sameBodies: boolean }> {
  const watcher = new PythonLines(cleanup, "watch.py", server, [watched.type, watched.moid, watched.property]);
  try {
    const { setup } = await watcher.next<{ setup: { create_filter: string; wait: string } }>();
    const sameBodies =
      SoapTemplate.load(ROOT, "CreateFilter").fill({ type: watched.type, moid: watched.moid, property: watched.property }) === setup.create_filter &&
      SoapTemplate.load(ROOT, "WaitForUpdatesEx").fill({ version: "" }) === setup.wait;
    const samples: number[] = [];
    for (let i = 0; i < warmup + changes; i++) {
      watcher.send("next");
      await watcher.next<{ ready: string }>();
      await sleep(WATCH_SETTLE_MS);
      const t0 = process.hrtime.bigint();
      await change(i);
      const { seen_ns } = await watcher.next<{ seen_ns: string }>();
      if (i >= warmup) samples.push(ms(t0, BigInt(seen_ns)));
    }
    return { figures: { ...summarize(samples), watcher: "pyVmomi: WaitForUpdatesEx in bench/vsphere/watch.py" }, sameBodies };
  } finally {
    await watcher.stop();
  }
}

/** A method the server does not serve yet comes back as MethodNotFound: the caller reports it skipped. */
export function notServed(err: unknown): string | undefined {
  return err instanceof SoapFault && err.fault === "MethodNotFound" ? `${err.what} is not served (MethodNotFound)` : undefined;
}
