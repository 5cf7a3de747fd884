/**
 * A version number that moves whenever anything a client can read may have changed (an event
 * folded, a host's liveness, a task's info). Watchers (WaitForUpdatesEx) wait for it to move,
 * then compare what they last reported with what is there now.
 */
export class ChangeSignal {
  #version = 0;
  #waiters = new Set<() => void>();

  get version(): number {
    return this.#version;
  }

  bump(): void {
    this.#version++;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const w of waiters) w();
  }

  /**
   * Resolves true once the version is past `seen`, false after `timeoutMs` or when `signal`
   * aborts, whichever comes first. Never rejects.
   */
  after(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#version > seen) return Promise.resolve(true);
    if (signal?.aborted || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (moved: boolean): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        signal?.removeEventListener("abort", aborted);
        resolve(moved);
      };
      const wake = (): void => done(true);
      const aborted = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#waiters.add(wake);
      signal?.addEventListener("abort", aborted, { once: true });
    });
  }
}
