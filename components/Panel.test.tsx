/**
 * The panel as users get it: rendered with preact/compat (the `unit-panel` project resolves React as the
 * content script's build does), commands going to a fake connector.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import * as compat from 'preact/compat';
import * as React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageSnapshot } from '@/lib/snapshots';
import type { PanelPrefs } from '@/lib/storage';
import { applyEvent, outcome, type RunState, startRun } from '@/lib/sync/run';
import type { RunEvent } from '@/lib/sync/schemas';
import { DASHBOARD, type FakeConnector, fakeConnector, fakeStatus } from './fake-connector';
import { Panel } from './Panel';
import { acceptOnlyTrustedInput } from './trusted-input';

const OPEN: PanelPrefs = { collapsed: false, width: 380 };

function showPanel(connector: FakeConnector, page: PageSnapshot = DASHBOARD, prefs = OPEN) {
  return render(<Panel page={page} connector={connector} prefs={prefs} notice={null} />);
}

const button = (name: string) => screen.getByRole('button', { name });

/** Smart Sync All planned on Sales → Customers and Invoices, not started yet. */
const plannedRun = (id: string) =>
  startRun({
    id,
    tabId: 1,
    scope: { type: 'all' },
    provider: 'xero',
    layout: [{ label: 'Sales', subTabs: ['Customers', 'Invoices'] }],
    now: 0,
  });

/** That run finished: one invoice synced, two failed with Omni's reasons. */
function finishedRun(): RunState {
  const failed = (reference: string, reason: string) =>
    outcome({ reference, contact: 'Acme', date: '2026-11-03', amount: '120.00' }, reason);
  const events: RunEvent[] = [
    { type: 'stepStarted', stepId: 'sales/customers' },
    { type: 'stepFinished', stepId: 'sales/customers', found: 0 },
    { type: 'stepStarted', stepId: 'sales/invoices' },
    { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2', 'INV-3'] },
    {
      type: 'verified',
      stepId: 'sales/invoices',
      synced: ['INV-1'],
      failed: [
        failed('INV-2', 'Account code or ID must be specified'),
        failed('INV-3', 'Contact is not linked'),
      ],
    },
    { type: 'stepFinished', stepId: 'sales/invoices', found: 3 },
  ];
  return events.reduce((state, event, at) => applyEvent(state, event, at + 1), plannedRun('run-7'));
}

afterEach(cleanup);

describe('the panel', () => {
  it('is rendered by preact/compat here, as in the content script users install', () => {
    expect(React.createElement).toBe(compat.createElement);
  });

  it('on a page that is not the dashboard, says so and offers no Smart Sync All', () => {
    showPanel(fakeConnector(fakeStatus()), {
      ...DASHBOARD,
      kind: 'other',
      provider: null,
      tabs: [],
      subTabs: [],
    });
    expect(screen.getByRole('status')).toHaveProperty(
      'textContent',
      'This Omni page is not the Accounting Dashboard.',
    );
    expect(screen.queryByRole('button', { name: 'Smart Sync All' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Preview' })).toBeNull();
  });

  it('on the dashboard, offers Smart Sync All and Preview before the status has even arrived', () => {
    const connector = fakeConnector();
    showPanel(connector);
    expect(screen.getByRole('status').textContent).toBe('Xero V2 Accounting Dashboard found.');
    expect(button('Smart Sync All')).toHaveProperty('disabled', false);
    expect(button('Preview')).toHaveProperty('disabled', false);
    expect(screen.queryByText(/^Ledger checks/)).toBeNull();
    // The status comes later, through the connector: the proxy line follows it.
    act(() => connector.push(fakeStatus()));
    expect(screen.getByText('Ledger checks are on: Demo Outdoor Co (Xero).')).toBeTruthy();
  });

  it('Smart Sync All asks the one question; Send starts the run, Not now does not', () => {
    const connector = fakeConnector(fakeStatus());
    showPanel(connector);
    fireEvent.click(button('Smart Sync All'));
    const question = screen.getByRole('alertdialog', { name: 'Confirm Smart Sync All' });
    expect(
      within(question).getByText('Send every pending item on the dashboard’s lists to Xero?'),
    ).toBeTruthy();
    fireEvent.click(within(question).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(connector.start).not.toHaveBeenCalled();

    fireEvent.click(button('Smart Sync All'));
    fireEvent.click(button('Send'));
    expect(connector.start).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('Preview asks nothing and calls preview', () => {
    const connector = fakeConnector(fakeStatus());
    showPanel(connector);
    fireEvent.click(button('Preview'));
    expect(connector.preview).toHaveBeenCalledTimes(1);
    expect(connector.start).not.toHaveBeenCalled();
  });

  it('a finished run: the headline, what needs attention grouped by what to do, then every list; Export CSV', () => {
    const run = finishedRun();
    const connector = fakeConnector(fakeStatus({ run }));
    showPanel(connector);
    const report = screen.getByRole('region', { name: 'Run report' });
    // INV-1 synced, and was not looked up in the ledger (this run had no verification).
    expect(document.querySelector('[data-run-status="done"]')?.textContent).toContain(
      '1 synced · 2 need attention · 1 not checked',
    );
    const needs = within(report).getByRole('heading', { name: 'Needs attention' });
    const everyList = within(report).getByText('Every list (2)');
    expect(needs.compareDocumentPosition(everyList) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const groups = within(report)
      .getAllByRole('heading', { level: 4 })
      .map((heading) => heading.textContent);
    expect(groups).toEqual(['Link a contact (1)', 'Fix an account code (1)']);
    // Omni's reason is shown as text, whatever it holds.
    expect(within(report).getByText('Account code or ID must be specified')).toBeTruthy();

    fireEvent.click(within(report).getByRole('button', { name: 'Export CSV' }));
    expect(connector.exportRun).toHaveBeenCalledWith('run-7');
    fireEvent.click(within(report).getAllByRole('button', { name: 'Show Sales → Invoices in Omni' })[0]!);
    expect(connector.showInOmni).toHaveBeenCalledWith('Sales', 'Invoices');
  });

  it('collapsed, the pill says how the run goes; pressing it opens the panel again', () => {
    const connector = fakeConnector(fakeStatus({ run: plannedRun('run-8') }));
    showPanel(connector, DASHBOARD, { collapsed: true, width: 420 });
    const pill = button('Show Omni Smart Sync');
    expect(pill.textContent).toBe('Syncing 1/2 · 0 sent');
    expect(screen.queryByRole('button', { name: 'Smart Sync All' })).toBeNull();
    fireEvent.click(pill);
    expect(connector.setPanelPrefs).toHaveBeenCalledWith({ collapsed: false, width: 420 });
  });

  it('while a run goes: Cancel calls cancel; Smart Sync All and Preview wait for it', () => {
    const running = { ...finishedRun(), status: 'running' as const };
    const connector = fakeConnector(fakeStatus({ run: running }));
    showPanel(connector);
    expect(button('Smart Sync All')).toHaveProperty('disabled', true);
    expect(button('Preview')).toHaveProperty('disabled', true);
    fireEvent.click(button('Cancel'));
    expect(connector.cancel).toHaveBeenCalledTimes(1);
  });

  it('in its shadow root, as the content script mounts it, a click no person made does nothing', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'closed' });
    acceptOnlyTrustedInput(shadow);
    const container = document.createElement('div');
    shadow.append(container);
    const connector = fakeConnector(fakeStatus());
    render(<Panel page={DASHBOARD} connector={connector} prefs={OPEN} notice={null} />, { container });
    const panel = within(container);
    // Testing Library's events, like a page script's, are not trusted.
    fireEvent.click(panel.getByRole('button', { name: 'Preview' }));
    fireEvent.click(panel.getByRole('button', { name: 'Smart Sync All' }));
    fireEvent.click(panel.getByRole('button', { name: 'Hide' }));
    expect(panel.queryByRole('alertdialog')).toBeNull();
    expect(connector.preview).not.toHaveBeenCalled();
    expect(connector.setPanelPrefs).not.toHaveBeenCalled();
    host.remove();
  });
});
