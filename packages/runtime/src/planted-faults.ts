/**
 * Bugs planted on purpose, FOR TESTS ONLY: they exist so the consistency checker's tests can
 * show that `vdsim check` catches each of them. The services read `VDSIM_FAULT` once at start;
 * unset (always, outside those tests) nothing changes. A comma-separated list of:
 *
 *   skip-source-release[@HOST]        host agent: after a vMotion away, the VM's ports stay in the data plane
 *   drop-applied-event:TYPE[@HOST]    host agent: the first event of TYPE is counted as applied but not applied
 *   ack-without-append:COMMAND        management: the first COMMAND is acknowledged but never appended
 *   record-twice:COMMAND              management: the first COMMAND's event is appended again, under an id no one sent
 *
 * `@HOST` limits a host-agent fault to that host.
 */
export interface PlantedFaults {
  readonly skipSourceRelease: boolean;
  /** an event type the host agent drops once */
  readonly dropAppliedEvent?: string;
  /** a management command type acknowledged once without being appended */
  readonly ackWithoutAppend?: string;
  /** a management command type whose event is appended twice, once */
  readonly recordTwice?: string;
}

export const NO_PLANTED_FAULTS: PlantedFaults = { skipSourceRelease: false };

/** Parses `VDSIM_FAULT` for one process: `host` is the host agent's name (undefined for the management service). */
export function parsePlantedFaults(value: string | undefined, host?: string): PlantedFaults {
  if (value === undefined || value.trim() === "") return NO_PLANTED_FAULTS;
  let faults: { skipSourceRelease: boolean; dropAppliedEvent?: string; ackWithoutAppend?: string; recordTwice?: string } = { skipSourceRelease: false };
  for (const item of value.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const [spec, only] = item.split("@") as [string, string | undefined];
    const [name, arg] = spec.split(":") as [string, string | undefined];
    const forMe = only === undefined || only === host;
    if (name === "skip-source-release") faults = { ...faults, skipSourceRelease: faults.skipSourceRelease || (host !== undefined && forMe) };
    else if (name === "drop-applied-event" && arg) faults = host !== undefined && forMe ? { ...faults, dropAppliedEvent: arg } : faults;
    else if (name === "ack-without-append" && arg) faults = host === undefined ? { ...faults, ackWithoutAppend: arg } : faults;
    else if (name === "record-twice" && arg) faults = host === undefined ? { ...faults, recordTwice: arg } : faults;
    else throw new Error(`VDSIM_FAULT: unknown planted fault "${item}" (expected skip-source-release, drop-applied-event:TYPE, ack-without-append:COMMAND or record-twice:COMMAND)`);
  }
  return faults;
}
