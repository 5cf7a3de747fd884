/** A wait that ran past its deadline: names what was awaited and for how long. */
export class DeadlineExceeded extends Error {
  override readonly name = "DeadlineExceeded";

  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`gave up waiting for ${what} after ${ms} ms`);
  }
}

export function isDeadlineExceeded(err: unknown): err is DeadlineExceeded {
  return err instanceof DeadlineExceeded;
}

/**
 * Races `work` against a timer of `ms`: resolves or rejects as the work does, or rejects with
 * DeadlineExceeded naming `what`. Given a function, the work gets a signal that aborts at the
 * deadline so it can close what it opened; `abandon` runs then too. The timer is unref'd: an
 * abandoned wait never keeps the process alive.
 */
export async function withDeadline<T>(
  what: string,
  ms: number,
  work: Promise<T> | ((signal: AbortSignal) => Promise<T>),
  abandon?: () => unknown,
): Promise<T> {
  const controller = new AbortController();
  const promise = typeof work === "function" ? work(controller.signal) : work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new DeadlineExceeded(what, ms));
      try {
        void Promise.resolve(abandon?.()).catch(() => undefined);
      } catch {
        // abandoning is best effort
      }
      reject(new DeadlineExceeded(what, ms));
    }, Math.max(0, ms));
    timer.unref();
  });
  // the work may still settle after the deadline: its rejection is nobody's to handle
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A wait cut short by an interrupt (the run's signal aborted). */
export class WaitInterrupted extends Error {
  override readonly name = "WaitInterrupted";

  constructor(readonly what: string) {
    super(`interrupted while waiting for ${what}`);
  }
}

/** Resolves or rejects as `work` does, or rejects with WaitInterrupted as soon as `signal` aborts. */
export async function untilInterrupted<T>(what: string, signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) throw new WaitInterrupted(what);
  let onAbort: () => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new WaitInterrupted(what));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, interrupted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
