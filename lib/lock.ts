/**
 * Serialises read-modify-write sequences on extension storage: the background answers messages from
 * several pages at once. Not state: if the worker stops, no update is in flight and the queue goes too.
 */
export function createLock() {
  let queue: Promise<unknown> = Promise.resolve();
  return function locked<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
}

/** The run's stored state: run events, commands and the next step. */
export const withRunLock = createLock();

/** What tabs show and what the dashboard's layout is: separate, so page reports never queue a run's step. */
export const withPagesLock = createLock();
