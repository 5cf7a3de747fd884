import { readFileSync } from "node:fs";

/** Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every mainstream kernel). */
const USER_HZ = 100;

/** CPU time (user + system) a process has used so far, in ms; undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // after the command: state(3) ... utime(14) stime(15), i.e. indexes 11 and 12 here
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** CPU used by a set of processes between two readings. */
export class CpuMeter {
  readonly #start = new Map<string, number>();
  readonly #selfStart = process.cpuUsage();

  constructor(private readonly pids: Readonly<Record<string, number>>) {
    for (const [name, pid] of Object.entries(pids)) this.#start.set(name, processCpuMs(pid) ?? 0);
  }

  /** ms of CPU each process used since the meter was made, plus this process as "bench". */
  read(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) out[name] = (processCpuMs(pid) ?? NaN) - this.#start.get(name)!;
    const self = process.cpuUsage(this.#selfStart);
    out.bench = (self.user + self.system) / 1000;
    return out;
  }
}
