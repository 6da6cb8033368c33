import { PROVIDER_NAMES } from '@/lib/omni/labels';
import type { StatusSnapshot } from '@/lib/snapshots';
import { foldedIn, ledgerProblems, runTotals, STATUS_TEXT, summariseStep } from '@/lib/sync/report';
import { isActiveRun, type RunState, type StepState } from '@/lib/sync/run';

const STAGE_TEXT: Record<StepState['stage'], string> = {
  open: 'opening and reading',
  refreshing: 'refreshing data',
  uploading: 'waiting for Omni to upload',
  verify: 'checking the result',
  rewind: 'going back to the first page to check earlier uploads',
  sweep: 'reading every page to check earlier uploads',
};

/** How many of the run's syncing steps started before it stopped. */
function stepsRun(run: RunState): number {
  return run.steps.filter((step) => step.phase !== 'report' && step.startedAt !== null).length;
}

function runHeadline(run: RunState): string {
  const totals = runTotals(run);
  const scope =
    run.scope.type === 'all'
      ? 'Smart Sync All'
      : run.scope.type === 'preview'
        ? 'Preview'
        : `Sync of ${run.scope.tab} → ${run.scope.subTab}`;
  switch (run.status) {
    case 'running':
      return `${scope}: step ${Math.min(totals.done + 1, totals.steps)} of ${totals.steps}.`;
    case 'paused':
      return `${scope} paused: ${run.pauseReason ?? 'waiting for the dashboard.'}`;
    case 'cancelling':
      return `${scope}: cancelling after the current wait…`;
    case 'cancelled':
      return `${scope} cancelled after step ${stepsRun(run)} of ${totals.steps}${run.pauseReason ? ` (${run.pauseReason})` : ''}. ${totals.synced} synced, ${totals.failed} failed.`;
    case 'interrupted':
      return `${scope} interrupted: ${run.pauseReason ?? ''} ${totals.synced} synced, ${totals.failed} failed.`;
    case 'done':
      return `${scope} finished: ${totals.synced} synced, ${totals.failed} failed.`;
  }
}

/**
 * A click handler that acts only on what a person did. The panel lives in Omni's page, whose scripts can
 * dispatch clicks of their own; those are never trusted.
 */
export function byPerson(action: () => void): (event: { isTrusted: boolean }) => void {
  return (event) => {
    if (event.isTrusted) action();
  };
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
              <button type="button" onClick={byPerson(onUploadExisting)}>
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

/** Synced references the ledger does not have once, with what to do: shown first in a report. */
function LedgerProblems({ run }: { run: RunState }) {
  const problems = ledgerProblems(run);
  if (problems.length === 0) return null;
  const ledgerName = run.provider ? PROVIDER_NAMES[run.provider] : 'the ledger';
  return (
    <div className="oss-failure" data-role="ledger-problems">
      <h3>Check in {ledgerName} first</h3>
      <ul>
        {problems.map(({ step, reference, status }) => (
          <li key={`${step.id}/${reference}`} data-ledger-ref={reference} data-ledger-status={status}>
            <strong>{reference}</strong> ({step.subTab}):{' '}
            {status === 'missing'
              ? `Omni reported it synced, but ${ledgerName} has no such document. Look for it on Omni’s Errors tab, or sync it again.`
              : `${ledgerName} has it more than once. Void or delete the extra copy in ${ledgerName}.`}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Progress while a run goes, the report once it ends. */
export function RunView({
  run,
  onExport,
  onUploadExisting,
}: {
  run: RunState;
  onExport: (runId: string) => void;
  onUploadExisting?: () => void;
}) {
  const totals = runTotals(run);
  const active = run.steps.find((step) => step.status === 'active');
  const finished = !isActiveRun(run);
  // Steps the run never reached (a cancel, an interruption) are "not run", not failures.
  const failedSteps = run.steps.filter(
    (step) =>
      step.failed.length > 0 ||
      (step.message && step.status !== 'read' && !(step.status === 'skipped' && step.startedAt === null)),
  );
  const extra = finished ? foldedIn(run) : [];
  return (
    <div className="oss-run" data-run-status={run.status}>
      <p className={finished ? 'oss-found' : 'oss-progress-text'} aria-live="polite" data-role="run-headline">
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
      <LedgerChecks run={run} onUploadExisting={onUploadExisting} />
      {active && (
        <p className="oss-muted" data-role="current-step">
          Now: {active.tab} → {active.subTab} — {STAGE_TEXT[active.stage]}
        </p>
      )}
      {finished && (
        <section aria-label="Run report" className="oss-report">
          <LedgerProblems run={run} />
          <table className="oss-tabs">
            <thead>
              <tr>
                <th scope="col">Sub-tab</th>
                <th scope="col">Found</th>
                <th scope="col">Synced</th>
                <th scope="col">Failed</th>
                <th scope="col">Result</th>
                <th scope="col">Ledger</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {run.steps
                .filter((step) => step.phase !== 'report')
                .map(summariseStep)
                .map((step) => (
                  <tr key={step.id} data-step={step.id}>
                    <td>
                      {step.tab} → {step.subTab}
                      {step.phase === 'revisit' && ' (revisit)'}
                    </td>
                    <td>{step.found}</td>
                    <td>{step.synced}</td>
                    <td>{step.failed}</td>
                    <td>
                      {step.status === 'skipped' && step.seconds === null
                        ? 'not run'
                        : STATUS_TEXT[step.status]}
                    </td>
                    <td data-role="ledger">{step.ledger}</td>
                    <td>{step.seconds === null ? '–' : `${step.seconds} s`}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {failedSteps.length > 0 && <h3>What failed and why</h3>}
          {failedSteps.map((step) => (
            <div key={step.id} className="oss-failure" data-failed-step={step.id}>
              <h4>
                {step.tab} → {step.subTab}
              </h4>
              {step.message && <p>{step.message}</p>}
              <ul>
                {step.failed.map((item) => (
                  <li key={item.reference} data-failed-ref={item.reference}>
                    <strong>{item.reference}</strong>
                    {item.contact && ` (${item.contact})`}: <span data-role="reason">{item.reason}</span>
                    {item.fix && (
                      <span className="oss-fix" data-role="fix">
                        {' '}
                        Fix: {item.fix}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {extra.length > 0 && (
            <div className="oss-failure" data-role="folded-in">
              <h3>Also listed on Errors and Discrepancies</h3>
              <ul>
                {extra.map((item) => (
                  <li key={`${item.list}/${item.reference}`}>
                    {item.list}: <strong>{item.reference}</strong> {item.reason}
                    {item.fix && <span className="oss-fix"> Fix: {item.fix}</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button type="button" onClick={byPerson(() => onExport(run.id))}>
            Export CSV
          </button>
        </section>
      )}
    </div>
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
              onClick={byPerson(() => onExport(past.id))}
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
