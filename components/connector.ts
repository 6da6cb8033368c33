/**
 * The views' only door to the background: status snapshots through the typed protocol, refreshed when
 * extension storage changes (the background writes every change there).
 */
import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sendMessage } from '@/lib/protocol';
import type { StatusSnapshot } from '@/lib/snapshots';

export const createQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 1000 } } });

/** `own`: the tab the content script runs in; a number: that tab (the popup's active tab); null: none. */
export type StatusTarget = 'own' | number | null;

export function useStatus(target: StatusTarget) {
  const client = useQueryClient();
  useEffect(() => {
    const onChanged = () => void client.invalidateQueries({ queryKey: ['status'] });
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [client]);
  return useQuery<StatusSnapshot>({
    queryKey: ['status', target],
    queryFn: () =>
      target === 'own' ? sendMessage('getOwnStatus', undefined) : sendMessage('getStatus', target),
  });
}
