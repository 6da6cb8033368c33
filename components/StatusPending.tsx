import type { StatusView } from './use-status';

/** What a view shows until the background's status arrives: loading, or the error with a Retry. */
export function StatusPending({
  error,
  retry,
  className,
}: Omit<StatusView, 'status'> & { className: string }) {
  return (
    <p className={className}>
      {error ? (
        <>
          Could not read the extension’s status: {String(error)}{' '}
          <button type="button" onClick={retry}>
            Retry
          </button>
        </>
      ) : (
        'Loading…'
      )}
    </p>
  );
}
