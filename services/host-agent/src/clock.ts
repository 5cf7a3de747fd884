import type { Clock, Timer } from "@vdsim/esx";

/** The machine's clock: wall-clock milliseconds with sub-ms precision, comparable between processes on one machine. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (run, ms): Timer => {
    const t = setTimeout(run, ms);
    return { cancel: () => clearTimeout(t) };
  },
  setInterval: (run, ms): Timer => {
    const t = setInterval(run, ms);
    return { cancel: () => clearInterval(t) };
  },
};
