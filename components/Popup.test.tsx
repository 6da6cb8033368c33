import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '@/lib/proxy-api';
import type { PageSnapshot, StatusSnapshot } from '@/lib/snapshots';
import { applyEvent, type RunState, startRun } from '@/lib/sync/run';
import { lastRunLine, statusLights } from './Popup';

const connection = (state: ConnectionStatus['state']): ConnectionStatus => ({
  id: 'c1',
  provider: 'xero',
  organisationName: 'Demo Outdoor Co',
  tenantId: 't1',
  tokenExpiresAt: '2026-11-27T10:00:00.000Z',
  callsLeftToday: null,
  state,
  lastError: null,
});

const dashboard: PageSnapshot = {
  url: 'https://go.cin7.com/Cloud/AccountingV2/Dashboard.aspx',
  kind: 'dashboard',
  provider: 'xero',
  heading: 'Xero V2 Accounting Dashboard',
  tabs: [],
  subTabs: [],
  activeTab: null,
  activeSubTab: null,
  ledgerConnected: null,
  list: null,
  readAt: 0,
};

function status(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    page: dashboard,
    layout: {},
    omniConnection: { provider: 'xero', connected: true, organisation: null, seenAt: 0 },
    proxy: { state: 'ok', version: '1.0.0', connections: [connection('connected')], checkedAt: 0 },
    ledgerChoice: {},
    settings: { proxyUrl: 'http://localhost:8787', pairingKeySet: true },
    shortcut: null,
    run: null,
    history: [],
    ...overrides,
  };
}

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

  it('a real run: synced and failed, and whether the ledger was asked', () => {
    const finished = { ...run({ type: 'all' }), status: 'done' as const };
    expect(lastRunLine(status({ run: finished }))).toMatch(/: finished, 0 synced, 0 failed\.$/);
  });
});
