import { readFileSync } from "node:fs";
import { processCpuMs } from "./proc.js";

/** Resident set size of a process in KiB (VmRSS from /proc/<pid>/status); undefined once it is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** Sum of the RSS of the given processes in MiB (gone ones count 0), and how many were alive. */
export function totalRssMiB(pids: readonly number[]): { mib: number; alive: number } {
  let kib = 0;
  let alive = 0;
  for (const pid of pids) {
    const r = rssKiB(pid);
    if (r === undefined) continue;
    kib += r;
    alive++;
  }
  return { mib: kib / 1024, alive };
}

/** CPU ms a set of processes used over `ms` of wall time, as a share of one core (1.0 = one core busy). */
export async function cpuOver(pids: readonly number[], ms: number): Promise<{ cpu_ms: number; cores: number }> {
  const sum = (): number => cpuSumMs(pids);
  const before = sum();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const used = sum() - before;
  const wall = performance.now() - t0;
  return { cpu_ms: Math.round(used), cores: Math.round((used / wall) * 1000) / 1000 };
}

/** CPU ms (user + system) the given processes have used so far; gone ones count 0. */
export function cpuSumMs(pids: readonly number[]): number {
  return pids.reduce((s, pid) => s + (processCpuMs(pid) ?? 0), 0);
}
