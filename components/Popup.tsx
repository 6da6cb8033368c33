import { useState } from 'react';
import { PROVIDER_NAMES } from '@/lib/omni/labels';
import type { StatusSnapshot } from '@/lib/snapshots';
import { runTotals } from '@/lib/sync/report';
import { isActiveRun } from '@/lib/sync/run';
import type { PopupConnector } from './connector';
import { describePage, describeProxy, outcomeText, previewCounts, sendQuestion } from './describe';
import { SendQuestion } from './SendQuestion';
import { StatusPending } from './StatusPending';
import { useStatus } from './use-status';

export type LightState = 'green' | 'amber' | 'red';

/** What a light says in words: the colour is never the only sign. */
export const LIGHT_WORDS: Record<LightState, string> = { green: 'OK', amber: 'Attention', red: 'Problem' };

/** The one thing to do about a light that is not green: a button, or where to go in Omni. */
export type NextStep =
  | { label: string; action: 'options' | 'dashboard' | 'refresh' }
  | { label: string; action: null };

export interface Light {
  id: 'tab' | 'omni' | 'proxy' | 'ledger';
  name: string;
  state: LightState;
  /** The `data-field` of its sentence. */
  field: string;
  text: string;
  next: NextStep | null;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function tabLight(status: StatusSnapshot): Light {
  const page = status.page;
  const light = { id: 'tab', name: 'This tab', field: 'dashboard', text: describePage(page) } as const;
  if (page?.kind === 'dashboard' && page.provider) return { ...light, state: 'green', next: null };
  const open = { label: 'Open dashboard', action: 'dashboard' } as const;
  if (!page || page.kind === 'other' || page.kind === 'connect')
    return { ...light, state: 'amber', next: open };
  if (page.kind === 'login')
    return { ...light, state: 'amber', next: { label: 'Log in to Omni', action: null } };
  return { ...light, state: 'red', next: open };
}

function omniLight(status: StatusSnapshot): Light {
  const seen = status.omniConnection;
  const light = { id: 'omni', name: 'Omni ↔ ledger', field: 'omni-connection' } as const;
  // Omni's Connect page has no URL we know of: on an Omni page the way there is said; elsewhere, Omni opens.
  const next: NextStep = status.page
    ? { label: 'Connect in Omni: Settings (the cog) → Connect', action: null }
    : { label: 'Open Omni, then Settings → Connect', action: 'dashboard' };
  if (!seen) {
    return {
      ...light,
      state: 'amber',
      text: 'Not checked yet: Omni’s Connect page says, once it is opened.',
      next,
    };
  }
  const provider = seen.provider ? PROVIDER_NAMES[seen.provider] : 'the ledger';
  const when = new Date(seen.seenAt).toLocaleString();
  const organisation = seen.connected && seen.organisation ? `, organisation ${seen.organisation}` : '';
  const text = `${seen.connected ? 'Connected' : 'Not connected'} to ${provider}${organisation} (seen ${when}).`;
  return seen.connected
    ? { ...light, state: 'green', text, next: null }
    : { ...light, state: 'red', text, next };
}

function proxyLight(status: StatusSnapshot): Light {
  const { proxy, settings } = status;
  const light = {
    id: 'proxy',
    name: 'Companion proxy',
    field: 'proxy',
    text: describeProxy(proxy).text,
  } as const;
  const pair = { label: 'Pair the proxy', action: 'options' } as const;
  if (proxy.state === 'ok') return { ...light, state: 'green', next: null };
  // Never set up: the checks are off, and syncing works without them.
  if (proxy.state === 'not-configured' || !settings.proxyUrl || !settings.pairingKeySet)
    return { ...light, state: 'amber', next: pair };
  if (proxy.state === 'unauthorised')
    return { ...light, state: 'red', next: { ...pair, label: 'Pair the proxy again' } };
  return { ...light, state: 'red', next: { label: 'Check proxy again', action: 'refresh' } };
}

function ledgerLight(status: StatusSnapshot): Light {
  const proxy = status.proxy;
  const light = { id: 'ledger', name: 'Ledger organisation', field: 'ledger' } as const;
  if (proxy.state !== 'ok') {
    return {
      ...light,
      state: 'amber',
      text: 'Not known without the companion proxy.',
      next: { label: 'Pair the proxy first', action: 'options' },
    };
  }
  const stale = proxy.connections.filter((connection) => connection.state !== 'connected');
  if (proxy.connections.length === 0) {
    return {
      ...light,
      state: 'amber',
      text: 'No ledger organisation is connected to the proxy: ledger checks are off.',
      next: { label: 'Connect a ledger in Options', action: 'options' },
    };
  }
  if (stale.length > 0) {
    const names = stale.map((connection) => connection.organisationName).join(', ');
    return {
      ...light,
      state: 'red',
      text: `${names}: the token needs reconnecting.`,
      next: { label: 'Reconnect in Options', action: 'options' },
    };
  }
  return {
    ...light,
    state: 'green',
    text: `${plural(proxy.connections.length, 'organisation')} connected, tokens valid.`,
    next: null,
  };
}

/** The popup's four lights, each with its one next step when it is not green (pure, unit-tested). */
export function statusLights(status: StatusSnapshot): Light[] {
  return [tabLight(status), omniLight(status), proxyLight(status), ledgerLight(status)];
}

const RUN_STATES = {
  running: 'running',
  paused: 'paused',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  done: 'finished',
} as const;

/** The last run in one line; a preview says what it would send (it sent nothing). */
export function lastRunLine(status: StatusSnapshot): string {
  const run = status.run;
  if (!run) return 'No run yet.';
  const when = new Date(run.startedAt).toLocaleString();
  const paused = run.pauseReason ? ` ${run.pauseReason}` : '';
  if (run.scope.type === 'preview') {
    const counts = previewCounts(run);
    if (counts)
      return `${when}: Preview: ${plural(counts.items, 'item')} on ${plural(counts.lists.length, 'list')} would be sent.`;
    const { done, steps } = runTotals(run);
    return `${when}: Preview ${RUN_STATES[run.status]}, ${done} of ${plural(steps, 'list')} read; nothing was sent.${paused}`;
  }
  const { synced, ledger } = runTotals(run);
  const checked = ledger
    ? ` In the ledger: ${ledger.found} found, ${ledger.missing} missing, ${ledger.duplicate} more than once.`
    : synced > 0 && !isActiveRun(run)
      ? ' Not verified in the ledger.'
      : '';
  return `${when}: ${RUN_STATES[run.status]}, ${outcomeText(run)}.${checked}${paused}`;
}

function OptionsLink({
  connector,
  label,
  className,
}: {
  connector: PopupConnector;
  label: string;
  className?: string;
}) {
  return (
    <a
      className={className}
      href={connector.optionsUrl}
      onClick={(event) => {
        event.preventDefault();
        connector.openOptions();
      }}
    >
      {label}
    </a>
  );
}

function StepButton({ next, connector }: { next: NextStep; connector: PopupConnector }) {
  switch (next.action) {
    case null:
      return <p className="oss-next">{next.label}</p>;
    case 'options':
      return <OptionsLink connector={connector} label={next.label} className="oss-next" />;
    case 'dashboard':
      return (
        <button type="button" className="oss-next" onClick={() => void connector.openDashboard()}>
          {next.label}
        </button>
      );
    case 'refresh':
      return (
        <button type="button" className="oss-next" onClick={() => void connector.refreshProxy()}>
          {next.label}
        </button>
      );
  }
}

const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The toolbar popup, for the active tab of its window: its status once the background gives it. */
export function Popup({ connector }: { connector: PopupConnector }) {
  const { status, error, retry } = useStatus(connector);
  if (!status) return <StatusPending error={error} retry={retry} className="oss-popup" />;
  return <PopupView status={status} connector={connector} />;
}

/** Connection status at a glance, as lights with one next step each; the last run; Smart Sync All. */
function PopupView({ status, connector }: { status: StatusSnapshot; connector: PopupConnector }) {
  const { page, run } = status;
  const [outline, setOutline] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const canStart = page?.kind === 'dashboard' && page.provider !== null && !isActiveRun(run);
  const question = canStart && asking ? sendQuestion(status) : null;
  const lights = statusLights(status);
  // Off the dashboard, the first light's next step is already this button.
  const openOffered = lights.some((light) => light.next?.action === 'dashboard');
  return (
    <main className="oss-popup">
      <h1>Omni Smart Sync</h1>
      <ul className="oss-lights" aria-label="Status">
        {lights.map((light) => (
          <li key={light.id} className="oss-light-row" data-light={light.id} data-state={light.state}>
            <span className={`oss-light oss-light-${light.state}`} aria-hidden="true" />
            <div>
              <p className="oss-light-head">
                <strong>{light.name}</strong>{' '}
                <span className="oss-light-word" data-role="light">
                  {LIGHT_WORDS[light.state]}
                </span>
              </p>
              <p data-field={light.field}>{light.text}</p>
              {light.id === 'tab' && page?.provider && (
                <p className="oss-muted">
                  Provider: <span data-field="provider">{PROVIDER_NAMES[page.provider]}</span>
                </p>
              )}
              {light.id === 'ledger' &&
                status.proxy.state === 'ok' &&
                status.proxy.connections.map((connection) => (
                  <p key={connection.id} data-field="organisation" className="oss-muted">
                    {connection.organisationName}: token{' '}
                    {connection.state === 'connected'
                      ? `valid until ${new Date(connection.tokenExpiresAt).toLocaleTimeString()}`
                      : 'needs reconnecting'}
                    {connection.callsLeftToday !== null && `, ${connection.callsLeftToday} calls left today`}
                    {connection.lastError && ` — last error: ${connection.lastError}`}
                  </p>
                ))}
              {light.next && <StepButton next={light.next} connector={connector} />}
            </div>
          </li>
        ))}
      </ul>
      <p className="oss-actions">
        {canStart && (
          <button type="button" className="oss-primary" onClick={() => setAsking(true)} disabled={asking}>
            Smart Sync All
          </button>
        )}
        {page?.kind !== 'dashboard' && !openOffered && (
          <button type="button" onClick={() => void connector.openDashboard()}>
            Open dashboard
          </button>
        )}
      </p>
      {question && (
        <SendQuestion
          {...question}
          previewWhere=" in the panel"
          onSend={() => {
            setAsking(false);
            void connector.start().then(
              (answer) =>
                setNotice(
                  answer.started
                    ? 'Smart Sync All started: follow it in the panel.'
                    : `Not started: ${answer.message}`,
                ),
              (error: unknown) => setNotice(`Not started: ${failure(error)}`),
            );
          }}
          onCancel={() => setAsking(false)}
        />
      )}
      <section className="oss-last-run" aria-label="Last run">
        <h2>Last run</h2>
        <p>
          <span data-field="last-run">{lastRunLine(status)}</span>{' '}
          {run && (
            <button
              type="button"
              onClick={() =>
                void connector.showTab(run.tabId).then((shown) => {
                  if (!shown)
                    setNotice('The tab of that run is closed: its report is in the panel’s run history.');
                })
              }
            >
              Show report
            </button>
          )}
        </p>
      </section>
      {notice && (
        <p role="status" data-field="notice">
          {notice}
        </p>
      )}
      <p className="oss-actions oss-popup-foot">
        <button type="button" onClick={() => void connector.refreshProxy()}>
          Check proxy again
        </button>
        {page && (
          <button
            type="button"
            onClick={() =>
              void connector
                .copyOutline()
                .then((result) =>
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
        )}
        <OptionsLink connector={connector} label="Options" />
      </p>
      <p className="oss-muted">
        Shortcut (sync the open sub-tab):{' '}
        <span data-field="shortcut">{status.shortcut ?? 'Not set (chrome://extensions/shortcuts)'}</span>
      </p>
      {outline && <pre data-field="outline">{outline}</pre>}
    </main>
  );
}
