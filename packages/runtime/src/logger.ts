import { pino, type Logger } from "pino";

export type { Logger } from "pino";

/** One JSON logger per process; components take child loggers. Quiet unless VDSIM_LOG_LEVEL says otherwise. */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ name, level: process.env.VDSIM_LOG_LEVEL ?? "info", base: { pid: process.pid, ...bindings } });
}
