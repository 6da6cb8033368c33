import type { UseQueryResult } from '@tanstack/react-query';
import type { StatusSnapshot } from '@/lib/snapshots';

/** What a view shows until the background's status arrives: loading, or the error with a Retry. */
export function StatusPending({
  status,
  className,
}: {
  status: UseQueryResult<StatusSnapshot>;
  className: string;
}) {
  return (
    <p className={className}>
      {status.error ? (
        <>
          Could not read the extension’s status: {String(status.error)}{' '}
          <button type="button" onClick={() => void status.refetch()}>
            Retry
          </button>
        </>
      ) : (
        'Loading…'
      )}
    </p>
  );
}
