import { PROVIDER_NAMES } from '@/lib/omni/labels';
import type { StatusSnapshot } from '@/lib/snapshots';
import { needsAttention, scopeName } from '@/lib/sync/attention';
import { runTotals, STATUS_TEXT, summariseStep } from '@/lib/sync/report';
import { isActiveRun, type RunState, type StepState } from '@/lib/sync/run';
import { outcomeText, previewCounts } from './describe';

const STAGE_TEXT: Record<StepState['stage'], string> = {
  open: 'opening and reading',
  refreshing: 'refreshing data',
  uploading: 'waiting for Omni to upload',
  rewind: 'going back to the first page to check earlier uploads',
  sweep: 'reading every page to check earlier uploads',
};

/** How many of the run's syncing steps started before it stopped. */
function stepsRun(run: RunState): number {
  return run.steps.filter((step) => step.phase !== 'report' && step.startedAt !== null).length;
}

function runHeadline(run: RunState): string {
  const totals = runTotals(run);
  const scope = scopeName(run.scope);
  switch (run.status) {
    case 'running':
      return `${scope}: step ${Math.min(totals.done + 1, totals.steps)} of ${totals.steps}.`;
    case 'paused':
      return `${scope} paused: ${run.pauseReason ?? 'waiting for the dashboard.'}`;
    case 'cancelling':
      return `${scope}: cancelling after the current wait…`;
    case 'cancelled':
      return `${scope} cancelled after step ${stepsRun(run)} of ${totals.steps}${run.pauseReason ? ` (${run.pauseReason})` : ''}: ${outcomeText(run)}.`;
    case 'interrupted':
      return `${scope} interrupted: ${run.pauseReason ?? ''} ${outcomeText(run)}.`;
    case 'done':
      return run.scope.type === 'preview'
        ? 'Preview finished: nothing was ticked or sent.'
        : `${scope} finished: ${outcomeText(run)}.`;
  }
}

const CHECK_NAMES = {
  contacts: 'duplicate contacts',
  lockDate: 'lock date',
  verify: 'verification',
} as const;

/** What the ledger checks did in this run, and which did not happen and why. */
function LedgerChecks({ run, onUploadExisting }: { run: RunState; onUploadExisting?: () => void }) {
  const ledgerName = run.provider ? PROVIDER_NAMES[run.provider] : 'the ledger';
  const ledger = run.ledger;
  const totals = runTotals(run).ledger;
  const heldContacts = run.steps.filter(
    (step) => step.kind === 'contacts' && (step.held?.length ?? 0) > 0 && step.status !== 'active',
  );
  const held = heldContacts.reduce((sum, step) => sum + (step.held?.length ?? 0), 0);
  const off = Object.entries(ledger?.off ?? {});
  if (!ledger && held === 0) return null;
  return (
    <div className="oss-ledger" data-role="ledger-checks">
      {ledger?.connection && (
        <p data-role="ledger-organisation">
          Ledger checks read {ledger.connection.organisationName} ({ledgerName}).
        </p>
      )}
      {ledger?.lockDate && (
        <p data-role="lock-date">
          Lock date in {ledgerName}: {ledger.lockDate}. Items dated on or before it are left out.
        </p>
      )}
      {held > 0 && (
        <p data-role="held-contacts">
          {held} contact{held === 1 ? '' : 's'} already in {ledgerName} {held === 1 ? 'was' : 'were'} not
          uploaded (link {held === 1 ? 'it' : 'them'} in Omni’s Search column); their transactions fail until
          linked.
          {isActiveRun(run) && !ledger?.uploadExisting && onUploadExisting && (
            <>
              {' '}
              <button type="button" onClick={onUploadExisting}>
                Upload them anyway
              </button>
            </>
          )}
        </p>
      )}
      {totals && (
        <p
          data-role="ledger-totals"
          className={totals.missing + totals.duplicate > 0 ? 'oss-warning' : 'oss-found'}
        >
          In {ledgerName}: {totals.found} found once, {totals.missing} missing, {totals.duplicate} found more
          than once.
        </p>
      )}
      {off.length > 0 && (
        <p className="oss-muted" data-role="checks-off">
          Not checked in {ledgerName}:{' '}
          {off
            .map(([check, reason]) => `${CHECK_NAMES[check as keyof typeof CHECK_NAMES]} (${reason})`)
            .join('; ')}
        </p>
      )}
    </div>
  );
}

/** Progress while a run goes, the report once it ends. */
export function RunView({
  run,
  onExport,
  onUploadExisting,
  onShowInOmni,
}: {
  run: RunState;
  onExport: (runId: string) => void;
  onUploadExisting?: () => void;
  /** Opens that sub-tab in Omni; absent while a run is active (the run owns the clicks). */
  onShowInOmni?: (tab: string, subTab: string) => void;
}) {
  const totals = runTotals(run);
  const active = run.steps.find((step) => step.status === 'active');
  const finished = !isActiveRun(run);
  return (
    <div className="oss-run" data-run-status={run.status}>
      <p
        className={finished ? 'oss-summary' : 'oss-progress-text'}
        aria-live="polite"
        data-role="run-headline"
      >
        {runHeadline(run)}
      </p>
      {!finished && (
        <progress
          className="oss-progress"
          aria-label="Run progress"
          max={Math.max(totals.steps, 1)}
          value={totals.done}
        />
      )}
      {!finished && <LedgerChecks run={run} onUploadExisting={onUploadExisting} />}
      {active && (
        <p className="oss-muted" data-role="current-step">
          Now: {active.tab} → {active.subTab} — {STAGE_TEXT[active.stage]}
        </p>
      )}
      {finished && run.scope.type === 'preview' && <PreviewView run={run} />}
      {finished && run.scope.type !== 'preview' && (
        <Report run={run} onExport={onExport} onShowInOmni={onShowInOmni} />
      )}
    </div>
  );
}

/** What a preview read: per list, how many items Smart Sync All would send; nothing was sent. */
function PreviewView({ run }: { run: RunState }) {
  const counts = previewCounts(run);
  if (!counts) return null;
  const ledgerName = run.provider ? PROVIDER_NAMES[run.provider] : 'the ledger';
  return (
    <section aria-label="Preview" className="oss-report" data-role="preview">
      <p className="oss-summary" data-role="preview-total">
        {counts.items} item{counts.items === 1 ? '' : 's'} on {counts.lists.length} list
        {counts.lists.length === 1 ? '' : 's'} would go to {ledgerName}.{' '}
        <span className="oss-muted">Nothing was ticked or sent ({counts.read} lists read).</span>
      </p>
      {counts.lists.length > 0 && (
        <table className="oss-tabs">
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col">Items</th>
            </tr>
          </thead>
          <tbody>
            {counts.lists.map((list) => (
              <tr key={`${list.tab}/${list.subTab}`} data-preview-list={`${list.tab} → ${list.subTab}`}>
                <td>
                  {list.tab} → {list.subTab}
                </td>
                <td>{list.items}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{counts.items}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

function Report({
  run,
  onExport,
  onShowInOmni,
}: {
  run: RunState;
  onExport: (runId: string) => void;
  onShowInOmni?: (tab: string, subTab: string) => void;
}) {
  const ledgerName = run.provider ? PROVIDER_NAMES[run.provider] : 'the ledger';
  const groups = needsAttention(run, ledgerName);
  const steps = run.steps.filter((step) => step.phase !== 'report').map(summariseStep);
  return (
    <section aria-label="Run report" className="oss-report">
      {groups.length > 0 && <h3>Needs attention</h3>}
      {groups.map((group) => (
        <div key={group.kind} className="oss-group" data-group={group.kind}>
          <h4>
            {group.title} <span className="oss-muted">({group.items.length})</span>
          </h4>
          <ul>
            {group.items.map((item) => (
              <li
                key={`${item.tab}/${item.subTab}/${item.reference}`}
                data-failed-ref={item.reference || undefined}
                data-ledger-ref={group.kind === 'ledger' ? item.reference : undefined}
              >
                <div className="oss-item-head">
                  <strong>{item.reference || `${item.tab} → ${item.subTab}`}</strong>
                  {[item.contact, item.date, item.amount]
                    .filter(Boolean)
                    .map((part) => ` · ${part}`)
                    .join('')}
                </div>
                <div className="oss-item-where">
                  {item.reference && (
                    <span className="oss-muted">
                      {item.tab} → {item.subTab}
                    </span>
                  )}
                  {onShowInOmni && (
                    <button
                      type="button"
                      className="oss-link"
                      aria-label={`Show ${item.tab} → ${item.subTab} in Omni`}
                      onClick={() => onShowInOmni(item.tab, item.subTab)}
                    >
                      Show in Omni
                    </button>
                  )}
                </div>
                <div className="oss-reason">
                  <span className="oss-label">{group.kind === 'ledger' ? 'Found: ' : 'Omni said: '}</span>
                  <span data-role="reason">{item.reason}</span>
                </div>
                {item.fix && (
                  <div className="oss-fix">
                    <span className="oss-label">What to do: </span>
                    <span data-role="fix">{item.fix}</span>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <LedgerChecks run={run} />
      <details className="oss-steps">
        <summary>Every list ({steps.length})</summary>
        <table className="oss-tabs">
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col">Found</th>
              <th scope="col">Synced</th>
              <th scope="col">Failed</th>
              <th scope="col">Result</th>
              <th scope="col">Ledger</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => (
              <tr key={step.id} data-step={step.id}>
                <td>
                  {step.tab} → {step.subTab}
                  {step.phase === 'revisit' && ' (revisit)'}
                </td>
                <td>{step.found}</td>
                <td>{step.synced}</td>
                <td>{step.failed}</td>
                <td>
                  {step.status === 'skipped' && step.seconds === null ? 'not run' : STATUS_TEXT[step.status]}
                </td>
                <td data-role="ledger">{step.ledger}</td>
                <td>{step.seconds === null ? '–' : `${step.seconds} s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p className="oss-actions">
        <button type="button" onClick={() => onExport(run.id)}>
          Export CSV
        </button>
      </p>
    </section>
  );
}

export function RunHistory({
  history,
  onExport,
}: {
  history: StatusSnapshot['history'];
  onExport: (runId: string) => void;
}) {
  if (history.length === 0) return null;
  return (
    <details className="oss-history">
      <summary>Run history ({history.length})</summary>
      <ul>
        {history.map((past) => (
          <li key={past.id} data-history-run={past.id}>
            {new Date(past.startedAt).toLocaleString()}: {past.status}, {past.synced} synced, {past.failed}{' '}
            failed{' '}
            <button
              type="button"
              onClick={() => onExport(past.id)}
              aria-label={`Export CSV of the run of ${new Date(past.startedAt).toLocaleString()}`}
            >
              CSV
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
