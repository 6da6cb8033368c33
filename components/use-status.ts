import { useEffect, useState } from 'react';
import type { StatusSnapshot } from '@/lib/snapshots';
import type { Connector } from './connector';

export interface StatusView {
  /** The last snapshot the background gave; undefined until the first arrives. */
  status: StatusSnapshot | undefined;
  /** Why the last request failed, while no snapshot has arrived. */
  error: unknown;
  retry: () => void;
}

/** The background's status for a view, kept up to date through its connector. */
export function useStatus(connector: Pick<Connector, 'watchStatus' | 'refreshStatus'>): StatusView {
  const [state, setState] = useState<{ status?: StatusSnapshot; error?: unknown }>({});
  useEffect(
    () =>
      connector.watchStatus((update) =>
        // A failed request keeps what was shown: a background waking up is no reason to blank a view.
        setState((before) =>
          'status' in update ? { status: update.status } : { ...before, error: update.error },
        ),
      ),
    [connector],
  );
  return {
    status: state.status,
    error: state.status ? undefined : state.error,
    retry: connector.refreshStatus,
  };
}
