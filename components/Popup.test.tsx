// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '@/lib/proxy-api';
import type { StatusSnapshot } from '@/lib/snapshots';
import { applyEvent, type RunState, startRun } from '@/lib/sync/run';
import { DASHBOARD as dashboard, fakeConnector, ORGANISATION, fakeStatus as status } from './fake-connector';
import { lastRunLine, Popup, statusLights } from './Popup';

const connection = (state: ConnectionStatus['state']): ConnectionStatus => ({ ...ORGANISATION, state });

/** Each light as "id state → next step". */
const lights = (snapshot: StatusSnapshot) =>
  statusLights(snapshot).map(
    (light) =>
      `${light.id} ${light.state}${light.next ? ` → ${light.next.label} (${light.next.action})` : ''}`,
  );

describe('statusLights', () => {
  it('all green, with no next step, on a dashboard with Omni connected and the proxy paired', () => {
    expect(lights(status())).toEqual(['tab green', 'omni green', 'proxy green', 'ledger green']);
  });

  it('off the dashboard: open it; Omni never checked: its Connect page', () => {
    const away = status({ page: null, omniConnection: null });
    expect(lights(away).slice(0, 2)).toEqual([
      'tab amber → Open dashboard (dashboard)',
      'omni amber → Open Omni, then Settings → Connect (dashboard)',
    ]);
    const onOmni = status({ page: { ...dashboard, kind: 'other' }, omniConnection: null });
    expect(lights(onOmni)[1]).toBe('omni amber → Connect in Omni: Settings (the cog) → Connect (null)');
    const disconnected = status({ omniConnection: { provider: 'xero', connected: false, seenAt: 0 } });
    expect(lights(disconnected)[1]).toMatch(/^omni red → Connect in Omni/);
  });

  it('a V1 dashboard or an error page is red', () => {
    expect(lights(status({ page: { ...dashboard, kind: 'dashboard-v1' } }))[0]).toBe(
      'tab red → Open dashboard (dashboard)',
    );
    expect(lights(status({ page: { ...dashboard, kind: 'error' } }))[0]).toMatch(/^tab red/);
  });

  it('a proxy never paired is amber, a refused key or a silent proxy red, each with its next step', () => {
    const unpaired = status({
      proxy: { state: 'unreachable', message: 'No answer.', checkedAt: 0 },
      settings: { proxyUrl: 'http://localhost:8787', pairingKeySet: false },
    });
    expect(lights(unpaired).slice(2)).toEqual([
      'proxy amber → Pair the proxy (options)',
      'ledger amber → Pair the proxy first (options)',
    ]);
    expect(statusLights(unpaired)[2]?.text).toMatch(/^Ledger checks are off/);
    const refused = status({ proxy: { state: 'unauthorised', message: 'Refused.', checkedAt: 0 } });
    expect(lights(refused)[2]).toBe('proxy red → Pair the proxy again (options)');
    const silent = status({ proxy: { state: 'unreachable', message: 'No answer.', checkedAt: 0 } });
    expect(lights(silent)[2]).toBe('proxy red → Check proxy again (refresh)');
  });

  it('the ledger: none connected is amber, a token to renew red', () => {
    const none = status({ proxy: { state: 'ok', version: '1', connections: [], checkedAt: 0 } });
    expect(lights(none)[3]).toBe('ledger amber → Connect a ledger in Options (options)');
    const stale = status({
      proxy: { state: 'ok', version: '1', connections: [connection('needs_reconnect')], checkedAt: 0 },
    });
    expect(lights(stale)[3]).toBe('ledger red → Reconnect in Options (options)');
    expect(statusLights(stale)[3]?.text).toBe('Demo Outdoor Co: the token needs reconnecting.');
  });
});

describe('lastRunLine', () => {
  const layout = [{ label: 'Sales', subTabs: ['Customers', 'Invoices'] }];
  const run = (scope: RunState['scope']) =>
    startRun({ id: 'r1', tabId: 1, scope, provider: 'xero', layout, now: 0 });

  it('says what a preview would send, not "0 synced"', () => {
    let preview = run({ type: 'preview' });
    for (const [index, step] of preview.steps.entries())
      preview = applyEvent(
        preview,
        { type: 'stepFinished', stepId: step.id, found: index === 0 ? 0 : 85, status: 'read' },
        1,
      );
    expect(preview.status).toBe('done');
    const line = lastRunLine(status({ run: preview }));
    expect(line).toMatch(/: Preview: 85 items on 1 list would be sent\.$/);
    expect(line).not.toMatch(/synced/);
  });

  it('a real run: in the report’s words (synced · need attention · not checked)', () => {
    const finished = { ...run({ type: 'all' }), status: 'done' as const };
    expect(lastRunLine(status({ run: finished }))).toMatch(
      /: finished, 0 synced · 0 need attention · 0 not checked\.$/,
    );
  });
});

describe('the popup', () => {
  afterEach(cleanup);

  const light = (id: string) => document.querySelector(`[data-light="${id}"]`) as HTMLElement;

  it('waits for the status, and offers Retry when the background does not answer', () => {
    const connector = fakeConnector();
    render(<Popup connector={connector} />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    act(() => connector.fail(new Error('Could not establish connection.')));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(connector.refreshStatus).toHaveBeenCalled();
    act(() => connector.push(status()));
    expect(screen.getByRole('heading', { name: 'Omni Smart Sync' })).toBeTruthy();
  });

  it('shows each light in words, and each next step calls the connector', () => {
    const connector = fakeConnector(
      status({ page: null, proxy: { state: 'unreachable', message: 'No answer.', checkedAt: 0 } }),
    );
    render(<Popup connector={connector} />);
    expect(within(light('tab')).getByText('Attention')).toBeTruthy();
    expect(within(light('proxy')).getByText('Problem')).toBeTruthy();

    fireEvent.click(within(light('tab')).getByRole('button', { name: 'Open dashboard' }));
    expect(connector.openDashboard).toHaveBeenCalledTimes(1);
    fireEvent.click(within(light('proxy')).getByRole('button', { name: 'Check proxy again' }));
    expect(connector.refreshProxy).toHaveBeenCalledTimes(1);
    const pair = within(light('ledger')).getByRole('link', { name: 'Pair the proxy first' });
    expect(pair.getAttribute('href')).toBe(connector.optionsUrl);
    fireEvent.click(pair);
    expect(connector.openOptions).toHaveBeenCalledTimes(1);
  });

  it('Smart Sync All asks first; Send starts it through the connector and says what happened', async () => {
    const connector = fakeConnector(status());
    render(<Popup connector={connector} />);
    fireEvent.click(screen.getByRole('button', { name: 'Smart Sync All' }));
    const question = screen.getByRole('alertdialog', { name: 'Confirm Smart Sync All' });
    expect(question.querySelector('[data-field="question"]')?.textContent).toBe(
      'Send every pending item on the dashboard’s lists to Xero?',
    );
    fireEvent.click(within(question).getByRole('button', { name: 'Send' }));
    expect(connector.start).toHaveBeenCalledTimes(1);
    expect((await screen.findByRole('status')).textContent).toBe(
      'Smart Sync All started: follow it in the panel.',
    );

    connector.start.mockResolvedValueOnce({
      started: false,
      message: 'A run is already in progress in another tab; following it.',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Smart Sync All' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(
      await screen.findByText('Not started: A run is already in progress in another tab; following it.'),
    ).toBeTruthy();
  });

  it('Show report brings the run’s tab forward, and says so when that tab is gone', async () => {
    const run = startRun({
      id: 'r1',
      tabId: 42,
      scope: { type: 'all' },
      provider: 'xero',
      layout: [],
      now: 0,
    });
    const connector = fakeConnector(status({ run: { ...run, status: 'done' } }));
    connector.showTab.mockResolvedValueOnce(false);
    render(<Popup connector={connector} />);
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    expect(connector.showTab).toHaveBeenCalledWith(42);
    expect(
      await screen.findByText('The tab of that run is closed: its report is in the panel’s run history.'),
    ).toBeTruthy();
  });

  it('Copy page outline asks the connector for this tab’s outline', async () => {
    const connector = fakeConnector(status());
    render(<Popup connector={connector} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy page outline' }));
    expect(connector.copyOutline).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Page outline copied: paste it into your bug report.')).toBeTruthy();
  });
});
