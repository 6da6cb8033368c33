import { useRef, useState } from 'react';
import { PROVIDER_NAMES } from '@/lib/omni/labels';
import type { PageSnapshot } from '@/lib/snapshots';
import type { PanelPrefs } from '@/lib/storage';
import { needsAttention } from '@/lib/sync/attention';
import { runTotals } from '@/lib/sync/report';
import { isActiveRun, type RunState } from '@/lib/sync/run';
import type { PanelConnector } from './connector';
import { describePage, describeProxy, overview, sendQuestion } from './describe';
import { RunHistory, RunView } from './RunView';
import { SendQuestion } from './SendQuestion';
import { useStatus } from './use-status';

const KIND_LABELS = {
  contacts: 'contacts',
  transactions: 'transactions',
  'upload-ticked': 'ticked rows',
  cogs: 'COGS journal',
  'read-only': 'read only',
} as const;

export const PANEL_WIDTH = { min: 320, max: 720 } as const;

/**
 * The panel reads the background's status and sends every command through its connector; what it is
 * told by the content script that draws it comes as props. Its handlers need not check that a person
 * acted: the content script stops forged input at the panel's shadow root (trusted-input.ts).
 */
export interface PanelProps {
  /** This page as the content script read it. */
  page: PageSnapshot;
  connector: PanelConnector;
  prefs: PanelPrefs;
  /** A one-off message from the last action ("A run is already in progress in another tab"). */
  notice: string | null;
}

/** The collapsed panel's one line: live progress during a run, the outcome after it. */
export function pillText(run: RunState | null): string {
  if (!run) return 'Omni Smart Sync';
  const totals = runTotals(run);
  const preview = run.scope.type === 'preview';
  if (isActiveRun(run)) {
    const at = `${Math.min(totals.done + 1, totals.steps)}/${totals.steps}`;
    if (run.status === 'paused') return `Paused at ${at}`;
    return preview ? `Previewing ${at}` : `Syncing ${at} · ${totals.synced} sent`;
  }
  if (preview) return 'Preview ready';
  const attention = needsAttention(run).reduce((sum, group) => sum + group.items.length, 0);
  return `${totals.synced} synced · ${attention} need attention`;
}

const clampWidth = (width: number) =>
  Math.round(
    Math.max(PANEL_WIDTH.min, Math.min(PANEL_WIDTH.max, width, Math.max(PANEL_WIDTH.min, innerWidth * 0.6))),
  );

/** The grip on the drawer's left edge: drag it (or use the arrow keys on it) to resize the drawer. */
function ResizeGrip({ prefs, onResize }: { prefs: PanelPrefs; onResize: (width: number) => void }) {
  const [dragging, setDragging] = useState<number | null>(null);
  const latest = useRef(prefs.width);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a vertical splitter has no HTML element; role separator is its ARIA pattern.
    <div
      className={`oss-grip${dragging === null ? '' : ' oss-grip-active'}`}
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the panel"
      aria-valuemin={PANEL_WIDTH.min}
      aria-valuemax={PANEL_WIDTH.max}
      aria-valuenow={dragging ?? prefs.width}
      tabIndex={0}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        latest.current = prefs.width;
        setDragging(prefs.width);
      }}
      onPointerMove={(event) => {
        if (dragging === null) return;
        latest.current = clampWidth(innerWidth - event.clientX);
        setDragging(latest.current);
        onResize(latest.current);
      }}
      onPointerUp={() => setDragging(null)}
      onPointerCancel={() => setDragging(null)}
      onKeyDown={(event) => {
        const step = event.key === 'ArrowLeft' ? 20 : event.key === 'ArrowRight' ? -20 : 0;
        if (step !== 0) {
          event.preventDefault();
          onResize(clampWidth(prefs.width + step));
        }
      }}
    />
  );
}

/** The sync-status panel injected into the dashboard: a drawer docked on the right, or a pill. */
export function Panel({ page, connector, notice, prefs }: PanelProps) {
  const { status } = useStatus(connector);
  const [asking, setAsking] = useState(false);
  const [outline, setOutline] = useState<{ outline: string; copied: boolean } | null>(null);
  const run = status?.run ?? null;
  const running = isActiveRun(run);
  const canSync = page.kind === 'dashboard' && page.provider !== null;
  const stepOf = (tab: string, subTab: string) =>
    run?.steps.find((step) => step.phase !== 'report' && step.tab === tab && step.subTab === subTab);
  const proxy = status ? describeProxy(status.proxy) : null;
  const layout = (page.provider && status?.layout[page.provider]) || {};
  const tabs = page.kind === 'dashboard' ? overview(page, layout) : [];
  const lists = tabs.flatMap((tab) => tab.subTabs.filter((sub) => sub.syncs && tab.syncs));
  const seen = lists.filter((sub) => sub.pending !== null);
  const pending = seen.reduce((sum, sub) => sum + (sub.pending ?? 0), 0);
  const question = status ? sendQuestion(status) : null;
  const exportRun = (runId: string) => void connector.exportRun(runId);

  if (prefs.collapsed) {
    return (
      <section className="oss-panel oss-collapsed" aria-label="Omni Smart Sync">
        <button
          type="button"
          className="oss-pill"
          aria-expanded={false}
          aria-label="Show Omni Smart Sync"
          aria-describedby="oss-pill-text"
          onClick={() => connector.setPanelPrefs({ ...prefs, collapsed: false })}
        >
          <span className={`oss-dot${running ? ' oss-dot-busy' : ''}`} aria-hidden="true" />
          <span id="oss-pill-text" data-role="pill">
            {pillText(run)}
          </span>
        </button>
      </section>
    );
  }

  return (
    <section
      className="oss-panel oss-drawer"
      aria-label="Omni Smart Sync"
      style={{ width: `${prefs.width}px` }}
    >
      <ResizeGrip prefs={prefs} onResize={(width) => connector.setPanelPrefs({ ...prefs, width })} />
      <header className="oss-head">
        <h2>Omni Smart Sync</h2>
        {page.provider && page.kind === 'dashboard' && (
          <span className="oss-badge">{PROVIDER_NAMES[page.provider]} V2</span>
        )}
        <button
          type="button"
          className="oss-toggle"
          aria-expanded={true}
          onClick={() => connector.setPanelPrefs({ ...prefs, collapsed: true })}
        >
          Hide
        </button>
      </header>
      <div className="oss-body">
        <p className={page.kind === 'dashboard' ? 'oss-found' : 'oss-warning'} role="status">
          {describePage(page)}
        </p>
        {canSync && (
          <p className="oss-actions">
            <button
              type="button"
              className="oss-primary"
              onClick={() => setAsking(true)}
              disabled={running || asking}
            >
              {run?.status === 'interrupted' ? 'Start a new run' : 'Smart Sync All'}
            </button>
            <button type="button" onClick={() => void connector.preview()} disabled={running}>
              Preview
            </button>
            {running && run?.status !== 'cancelling' && (
              <button type="button" onClick={() => void connector.cancel()}>
                Cancel
              </button>
            )}
            {run?.status === 'paused' && (
              <button type="button" onClick={() => void connector.resume()}>
                Resume
              </button>
            )}
          </p>
        )}
        {canSync && asking && !running && question && (
          <SendQuestion
            {...question}
            previewWhere=""
            onSend={() => {
              setAsking(false);
              void connector.start();
            }}
            onCancel={() => setAsking(false)}
          />
        )}
        {notice && <p className="oss-warning">{notice}</p>}
        {proxy && <p className={proxy.on ? 'oss-on' : 'oss-off'}>{proxy.text}</p>}
        {run && (
          <RunView
            run={run}
            onExport={exportRun}
            onUploadExisting={() => void connector.uploadExisting()}
            onShowInOmni={running || !canSync ? undefined : connector.showInOmni}
          />
        )}
        {tabs.length > 0 && (
          <details className="oss-overview">
            <summary>
              {lists.length} lists to sync
              {seen.length > 0 && (
                <span className="oss-muted">
                  {' '}
                  · {pending} pending on the {seen.length} seen so far
                </span>
              )}
            </summary>
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
                        </td>
                        <td>{sub.pending ?? <span className="oss-muted">not seen</span>}</td>
                        <td>{sub.step?.synced.length ?? ''}</td>
                        <td>{sub.step?.failed.length ?? ''}</td>
                        <td>{sub.syncs ? KIND_LABELS[sub.kind] : 'no'}</td>
                      </tr>
                    ))}
                </tbody>
              ))}
            </table>
          </details>
        )}
        {page.list?.pager && (
          <p className="oss-warning">
            This list is paged ({page.list.pager}): counts show the open page only.
          </p>
        )}
        {status && <RunHistory history={status.history} onExport={exportRun} />}
        {status?.shortcut && page.kind === 'dashboard' && (
          <p className="oss-muted">Shortcut: {status.shortcut} syncs the open sub-tab.</p>
        )}
        <footer className="oss-outline">
          <p className="oss-actions">
            <button type="button" onClick={() => void connector.copyOutline().then(setOutline)}>
              Copy page outline
            </button>{' '}
            <span className="oss-muted">
              for a bug report: how this page is built, without any row’s values.
            </span>
          </p>
          {outline && (
            <>
              <p>
                {outline.copied
                  ? 'Page outline copied to the clipboard:'
                  : 'Page outline (select it and copy it; the clipboard was not available):'}
              </p>
              <pre data-role="outline">{outline.outline}</pre>
            </>
          )}
        </footer>
      </div>
    </section>
  );
}
