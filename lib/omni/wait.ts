/**
 * The one way to wait on Omni's page: a MutationObserver, a timeout and an AbortSignal. No polling,
 * no fixed sleeps.
 */

export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`);
    this.name = 'WaitTimeoutError';
  }
}

export interface WaitOptions {
  /** Said in the timeout message: "waiting for <what>". */
  what: string;
  timeoutMs: number;
  signal?: AbortSignal;
  root?: Node;
  /**
   * Once the page has not changed for `afterMs`, `check` still failing is asked to explain itself: an
   * error returned ends the wait at once (a page that is quiet will not start making sense by itself).
   */
  quiet?: { afterMs: number; explain: () => Error | null };
}

/** Resolves with the first truthy value of `check`, re-evaluated after every change of the page. */
export function waitFor<T>(check: () => T | null | undefined | false, options: WaitOptions): Promise<T> {
  const { what, timeoutMs, signal, root = document, quiet } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const first = check();
    if (first) return resolve(first);
    let scheduled = false;
    let quietTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (settle: () => void) => {
      observer.disconnect();
      clearTimeout(timer);
      clearTimeout(quietTimer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onQuiet = () => {
      if (check()) return evaluate();
      const error = quiet?.explain();
      if (error) finish(() => reject(error));
      else armQuiet();
    };
    const armQuiet = () => {
      if (!quiet) return;
      clearTimeout(quietTimer);
      quietTimer = setTimeout(onQuiet, quiet.afterMs);
    };
    const evaluate = () => {
      scheduled = false;
      try {
        const value = check();
        if (value) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    // Batch bursts of mutations (a grid re-rendering 2,000 rows) into one check per frame-ish tick.
    const observer = new MutationObserver(() => {
      armQuiet();
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(evaluate);
    });
    const onAbort = () => finish(() => reject(signal?.reason));
    const timer = setTimeout(() => finish(() => reject(new WaitTimeoutError(what, timeoutMs))), timeoutMs);
    signal?.addEventListener('abort', onAbort);
    armQuiet();
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}

/**
 * Calls `onChange` after the page settles from each burst of changes (debounced), until aborted. Used
 * to keep the panel in step with in-page re-renders.
 */
export function watchPage(
  onChange: () => void,
  options: { signal: AbortSignal; quietMs?: number; root?: Node },
) {
  const { signal, quietMs = 60, root = document } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(onChange, quietMs);
  });
  observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
  });
}
