import { useState } from 'react';
import { PROVIDER_NAMES } from '@/lib/omni/labels';
import type { PageSnapshot, StatusSnapshot } from '@/lib/snapshots';
import { isActiveRun } from '@/lib/sync/run';
import { describePage, describeProxy, overview } from './describe';
import { byPerson, RunHistory, RunView } from './RunView';

const KIND_LABELS = {
  contacts: 'contacts',
  transactions: 'transactions',
  'upload-ticked': 'ticked rows',
  cogs: 'COGS journal',
  'read-only': 'read only',
} as const;

export interface PanelActions {
  start: () => void;
  cancel: () => void;
  resume: () => void;
  exportRun: (runId: string) => void;
  /** Upload, in this run, the contacts a ledger check held back because the ledger has them already. */
  uploadExisting: () => void;
  /** The page outline (structure and labels, no row values), copied to the clipboard when allowed. */
  copyOutline: () => Promise<{ outline: string; copied: boolean }>;
}

export interface PanelProps {
  page: PageSnapshot;
  status: StatusSnapshot | undefined;
  actions: PanelActions;
  /** A one-off message from the last action ("A run is already in progress in another tab"). */
  notice: string | null;
}

/** The sync-status panel injected into the dashboard. It renders state; it owns none. */
export function Panel({ page, status, actions, notice }: PanelProps) {
  const [open, setOpen] = useState(true);
  const [outline, setOutline] = useState<{ outline: string; copied: boolean } | null>(null);
  const run = status?.run ?? null;
  const running = isActiveRun(run);
  const canSync = page.kind === 'dashboard' && page.provider !== null;
  const stepOf = (tab: string, subTab: string) =>
    run?.steps.find((step) => step.phase !== 'report' && step.tab === tab && step.subTab === subTab);
  const proxy = status ? describeProxy(status.proxy) : null;
  const layout = (page.provider && status?.layout[page.provider]) || {};
  const tabs = page.kind === 'dashboard' ? overview(page, layout) : [];
  return (
    <section className="oss-panel" aria-label="Omni Smart Sync">
      <header className="oss-head">
        <h2>Omni Smart Sync</h2>
        {page.provider && page.kind === 'dashboard' && (
          <span className="oss-badge">{PROVIDER_NAMES[page.provider]} V2</span>
        )}
        <button
          type="button"
          className="oss-toggle"
          aria-expanded={open}
          onClick={byPerson(() => setOpen(!open))}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {open && (
        <div className="oss-body">
          <p className={page.kind === 'dashboard' ? 'oss-found' : 'oss-warning'} role="status">
            {describePage(page)}
          </p>
          {canSync && (
            <p className="oss-actions">
              <button
                type="button"
                className="oss-primary"
                onClick={byPerson(actions.start)}
                disabled={running}
              >
                {run?.status === 'interrupted' ? 'Start a new run' : 'Smart Sync All'}
              </button>
              {running && run?.status !== 'cancelling' && (
                <button type="button" onClick={byPerson(actions.cancel)}>
                  Cancel
                </button>
              )}
              {run?.status === 'paused' && (
                <button type="button" onClick={byPerson(actions.resume)}>
                  Resume
                </button>
              )}
            </p>
          )}
          {notice && <p className="oss-warning">{notice}</p>}
          {proxy && <p className={proxy.on ? 'oss-on' : 'oss-off'}>{proxy.text}</p>}
          {run && (
            <RunView run={run} onExport={actions.exportRun} onUploadExisting={actions.uploadExisting} />
          )}
          {tabs.length > 0 && (
            <table className="oss-tabs" aria-label="Sub-tabs">
              <thead>
                <tr>
                  <th scope="col">Sub-tab</th>
                  <th scope="col">Pending</th>
                  <th scope="col">Synced</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Syncs</th>
                </tr>
              </thead>
              {tabs.map((tab) => (
                <tbody key={tab.label} data-tab={tab.label}>
                  <tr className="oss-tab-row">
                    <th scope="rowgroup" colSpan={5}>
                      {tab.label}
                      {tab.active && <span className="oss-open"> (open)</span>}
                      {!tab.syncs && <span className="oss-muted"> — read for the report</span>}
                    </th>
                  </tr>
                  {tab.subTabs
                    .map((entry) => ({ ...entry, step: stepOf(tab.label, entry.label) }))
                    .map((sub) => (
                      <tr
                        key={sub.key}
                        className={sub.active ? 'oss-active' : undefined}
                        data-subtab={sub.label}
                      >
                        <td>
                          {sub.label}
                          {!sub.known && <span className="oss-muted"> (not documented)</span>}
                          {!sub.seen && <span className="oss-muted"> (not opened yet)</span>}
                        </td>
                        <td>{sub.pending ?? '–'}</td>
                        <td>{sub.step?.synced.length ?? '–'}</td>
                        <td>{sub.step?.failed.length ?? '–'}</td>
                        <td>{sub.syncs ? KIND_LABELS[sub.kind] : 'no'}</td>
                      </tr>
                    ))}
                </tbody>
              ))}
            </table>
          )}
          {page.list?.pager && (
            <p className="oss-warning">
              This list is paged ({page.list.pager}): counts show the open page only.
            </p>
          )}
          {status && <RunHistory history={status.history} onExport={actions.exportRun} />}
          {status?.shortcut && page.kind === 'dashboard' && (
            <p className="oss-muted">Shortcut: {status.shortcut} syncs the open sub-tab.</p>
          )}
          <p className="oss-actions">
            <button type="button" onClick={byPerson(() => void actions.copyOutline().then(setOutline))}>
              Copy page outline
            </button>{' '}
            <span className="oss-muted">
              for a bug report: how this page is built (tags, labels, counts), without any row’s values.
            </span>
          </p>
          {outline && (
            <details open className="oss-outline">
              <summary>
                {outline.copied
                  ? 'Page outline copied to the clipboard:'
                  : 'Page outline (select it and copy it; the clipboard was not available):'}
              </summary>
              <pre data-role="outline">{outline.outline}</pre>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
