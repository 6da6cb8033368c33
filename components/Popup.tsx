import { useState } from 'react';
import { PROVIDER_NAMES } from '@/lib/omni/labels';
import type { StatusSnapshot } from '@/lib/snapshots';
import { runTotals } from '@/lib/sync/report';
import { isActiveRun } from '@/lib/sync/run';
import { describePage, describeProxy } from './describe';

function omniLine(status: StatusSnapshot): string {
  const seen = status.omniConnection;
  if (!seen) return 'Not checked yet: open the dashboard’s Settings → Connect page once.';
  const provider = seen.provider ? PROVIDER_NAMES[seen.provider] : 'the ledger';
  const when = new Date(seen.seenAt).toLocaleString();
  const organisation = seen.connected && seen.organisation ? `, organisation ${seen.organisation}` : '';
  return `${seen.connected ? 'Connected' : 'Not connected'} to ${provider}${organisation} (seen ${when}).`;
}

function lastRunLine(status: StatusSnapshot): string {
  const run = status.run;
  if (!run) return 'No run yet.';
  const { synced, failed, ledger } = runTotals(run);
  const when = new Date(run.startedAt).toLocaleString();
  const state = {
    running: 'running',
    paused: 'paused',
    cancelling: 'cancelling',
    cancelled: 'cancelled',
    interrupted: 'interrupted',
    done: 'finished',
  }[run.status];
  const checked = ledger
    ? ` In the ledger: ${ledger.found} found, ${ledger.missing} missing, ${ledger.duplicate} more than once.`
    : synced > 0 && !isActiveRun(run)
      ? ' Not verified in the ledger.'
      : '';
  return `${when}: ${state}, ${synced} synced, ${failed} failed.${checked}${run.pauseReason ? ` ${run.pauseReason}` : ''}`;
}

/** Connection status at a glance: dashboard, provider, Omni ↔ ledger, proxy, ledger organisations. */
export function Popup({
  status,
  onRefresh,
  onCopyOutline,
  onStart,
  onShowRun,
}: {
  status: StatusSnapshot;
  onRefresh: () => void;
  /** Starts Smart Sync All on the dashboard open in this tab. */
  onStart?: () => Promise<void>;
  /** Brings the tab of the last run (and its report) to the front; false when that tab is gone. */
  onShowRun?: () => Promise<boolean>;
  /** The Omni page's outline, copied; null when this tab has no Omni page to outline. */
  onCopyOutline?: () => Promise<{ outline: string; copied: boolean } | null>;
}) {
  const proxy = describeProxy(status.proxy);
  const page = status.page;
  const [outline, setOutline] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canStart = page?.kind === 'dashboard' && page.provider !== null && !isActiveRun(status.run);
  return (
    <main className="oss-popup">
      <h1>Omni Smart Sync</h1>
      <dl className="oss-status">
        <dt>This tab</dt>
        <dd data-field="dashboard">{describePage(page)}</dd>
        <dt>Provider</dt>
        <dd data-field="provider">{page?.provider ? PROVIDER_NAMES[page.provider] : 'Unknown'}</dd>
        <dt>Omni ↔ ledger</dt>
        <dd data-field="omni-connection">{omniLine(status)}</dd>
        <dt>Companion proxy</dt>
        <dd data-field="proxy" className={proxy.on ? 'oss-on' : 'oss-off'}>
          {proxy.text}
        </dd>
        {status.proxy.state === 'ok' &&
          status.proxy.connections.map((connection) => (
            <dd key={connection.id} data-field="organisation">
              {connection.organisationName}: token{' '}
              {connection.state === 'connected'
                ? `valid until ${new Date(connection.tokenExpiresAt).toLocaleTimeString()}`
                : 'needs reconnecting'}
              {connection.callsLeftToday !== null && `, ${connection.callsLeftToday} calls left today`}
              {connection.lastError && ` — last error: ${connection.lastError}`}
            </dd>
          ))}
        <dt>Last run</dt>
        <dd>
          <span data-field="last-run">{lastRunLine(status)}</span>{' '}
          {status.run && onShowRun && (
            <button
              type="button"
              onClick={() =>
                void onShowRun().then((shown) => {
                  if (!shown)
                    setNotice('The tab of that run is closed: its report is in the panel’s run history.');
                })
              }
            >
              Show report
            </button>
          )}
        </dd>
        <dt>Shortcut</dt>
        <dd data-field="shortcut">{status.shortcut ?? 'Not set (chrome://extensions/shortcuts)'}</dd>
      </dl>
      <p className="oss-actions">
        {canStart && onStart && (
          <>
            <button
              type="button"
              className="oss-primary"
              onClick={() =>
                void onStart().then(
                  () => setNotice('Smart Sync All started: follow it in the panel.'),
                  (error: unknown) =>
                    setNotice(`Not started: ${error instanceof Error ? error.message : String(error)}`),
                )
              }
            >
              Smart Sync All
            </button>{' '}
          </>
        )}
        <button type="button" onClick={onRefresh}>
          Check proxy again
        </button>{' '}
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Options
        </a>
      </p>
      {page && onCopyOutline && (
        <p className="oss-actions">
          <button
            type="button"
            onClick={() =>
              void onCopyOutline().then((result) =>
                setOutline(
                  result === null
                    ? 'This tab has no Omni page to outline: reload it and try again.'
                    : result.copied
                      ? 'Page outline copied: paste it into your bug report.'
                      : result.outline,
                ),
              )
            }
          >
            Copy page outline
          </button>
        </p>
      )}
      {notice && (
        <p role="status" data-field="notice">
          {notice}
        </p>
      )}
      {outline && <pre data-field="outline">{outline}</pre>}
    </main>
  );
}
