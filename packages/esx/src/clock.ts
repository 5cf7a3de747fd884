/** A scheduled callback; cancelling one that already ran does nothing. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as the host's network sees it: milliseconds (sub-ms precision allowed) and timers. The
 * host process injects the machine's clock; tests inject one they advance by hand.
 */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): Timer;
  setInterval(run: () => void, ms: number): Timer;
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
