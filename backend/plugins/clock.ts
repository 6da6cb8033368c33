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
