/** Time as the proxy sees it; injected so tests and the benchmark can run a minute in a fraction of a second. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A clock whose time runs `speed` times faster than real time; waits shrink by the same factor. */
export function acceleratedClock(speed: number, start = Date.now()): Clock {
  const realStart = performance.now();
  return {
    now: () => start + Math.round((performance.now() - realStart) * speed),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / speed))),
  };
}

/**
 * An accelerated clock that separate processes agree on: given the same `origin` (epoch ms), each
 * reads the machine's wall clock and scales the time since `origin` by `speed`. Lets several proxy
 * processes, the fake ledger and the test live through minutes of provider limits in seconds.
 */
export function sharedAcceleratedClock(speed: number, origin: number): Clock {
  const wall = () => performance.timeOrigin + performance.now();
  return {
    now: () => Math.round(origin + (wall() - origin) * speed),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / speed))),
  };
}
