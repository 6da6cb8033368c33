import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageSnapshot, SubTabInfo } from '../snapshots';
import { activeRunItem, browserSessionItem, layoutItem, runHistoryItem } from '../storage';
import {
  applyRunEvent,
  cancelActiveRun,
  claimReturn,
  interruptOrphanedRun,
  NOT_OWNER,
  nextWork,
  ORPHANED,
  ownerTabClosed,
  resumeActiveRun,
  startOrJoin,
} from './controller';
import { DEFAULT_TIMEOUTS } from './executor';
import type { RunState } from './run';
import type { RunEvent } from './schemas';

/** Tabs of the fake browser, made afresh for each test: a run checks its owner tab still exists. */
let OWNER = 0;
let OTHER = 0;

const tab = (label: string, active = false) => ({
  label,
  key: label.toLowerCase().replace('&', 'and').replace(/\s+/g, ' '),
  count: null,
  active,
  known: true,
  syncs: !['Admin', 'Errors', 'Discrepancies'].includes(label),
});

const subTab = (label: string, kind: SubTabInfo['kind'], active = false): SubTabInfo => ({
  label,
  key: label.toLowerCase(),
  count: null,
  active,
  known: true,
  kind,
  syncs: kind !== 'read-only',
});

/** The Xero dashboard on Sales → Invoices, with a Purchases tab not opened yet. */
function dashboard(overrides: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: 'https://go.cin7.com/Cloud/Accounting/',
    kind: 'dashboard',
    provider: 'xero',
    heading: 'Xero V2 Accounting Dashboard',
    tabs: [tab('Sales', true), tab('Purchases')],
    subTabs: [subTab('Invoices', 'transactions', true), subTab('Payments', 'upload-ticked')],
    activeTab: 'Sales',
    activeSubTab: 'Invoices',
    ledgerConnected: null,
    list: { state: 'rows', rows: 2, pager: null },
    readAt: 0,
    ...overrides,
  };
}

const ALL = { type: 'all' } as const;

async function started(now = 1_000): Promise<RunState> {
  const result = await startOrJoin(OWNER, ALL, dashboard(), now);
  if (!result.run) throw new Error('no run');
  return result.run;
}

const stored = async () => {
  const run = await activeRunItem.getValue();
  if (!run) throw new Error('no stored run');
  return run;
};
const stepOf = (run: RunState, id: string) => run.steps.find((step) => step.id === id);

/** Finishes a step as the owning tab would: started, then finished with what it synced. */
async function finishStep(id: string, synced: string[] = []) {
  const events: RunEvent[] = [{ type: 'stepStarted', stepId: id }];
  if (synced.length > 0) {
    events.push({ type: 'submitting', stepId: id, refs: synced });
    events.push({ type: 'verified', stepId: id, synced, failed: [] });
  }
  events.push({ type: 'stepFinished', stepId: id, found: synced.length });
  for (const event of events) await applyRunEvent(OWNER, event, 2_000);
}

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.windows.create({ focused: true });
  OWNER = (await fakeBrowser.tabs.create({ url: 'https://go.cin7.com/Cloud/Accounting/' })).id!;
  OTHER = (await fakeBrowser.tabs.create({ url: 'https://go.cin7.com/Cloud/Accounting/' })).id!;
});

/** Asks for work as the owning tab does: with the run's token once it has one. */
async function ownerWork(onDashboard = false, now = Date.now()) {
  return nextWork(OWNER, onDashboard, now, (await activeRunItem.getValue())?.ownerToken ?? null);
}

describe('startOrJoin', () => {
  it('refuses a page that is not the dashboard, and starts nothing', async () => {
    const result = await startOrJoin(OWNER, ALL, dashboard({ kind: 'login' }));
    expect(result).toEqual({
      started: false,
      run: null,
      message: 'Open the Accounting Dashboard (V2) to sync.',
    });
    expect((await startOrJoin(OWNER, ALL, null)).started).toBe(false);
    expect(await activeRunItem.getValue()).toBeNull();
  });

  it('refuses a dashboard whose heading names no provider', async () => {
    const result = await startOrJoin(OWNER, ALL, dashboard({ provider: null }));
    expect(result.started).toBe(false);
    expect(result.message).toMatch(/names no provider/);
    expect(await activeRunItem.getValue()).toBeNull();
  });

  it('starts on a dashboard: the open tab as shown, other tabs as remembered or documented', async () => {
    const result = await startOrJoin(OWNER, ALL, dashboard(), 1_234);
    expect(result).toMatchObject({ started: true, message: 'Run started.' });
    expect(result.run).toMatchObject({ id: 'run-1234', tabId: OWNER, provider: 'xero', status: 'running' });
    expect(result.run?.layout).toEqual([
      { label: 'Sales', subTabs: ['Invoices', 'Payments'] },
      { label: 'Purchases', subTabs: null },
    ]);
    expect(await activeRunItem.getValue()).toEqual(result.run);
    expect(stepOf(await stored(), 'purchases/suppliers')?.expected).toBe(true);
  });

  it('plans a tab from the remembered layout when the page does not show it', async () => {
    await layoutItem.setValue({
      xero: {
        purchases: {
          label: 'Purchases',
          subTabs: [subTab('Supplier Invoices', 'transactions')],
          seenAt: 1,
        },
      },
    });
    const run = await started();
    expect(
      run.steps.filter((step) => step.tab === 'Purchases').map((step) => [step.subTab, step.expected]),
    ).toEqual([['Supplier Invoices', false]]);
  });

  it('a second start joins the run in progress, from this tab or another', async () => {
    const run = await started();
    const again = await startOrJoin(OWNER, ALL, dashboard(), 5_000);
    expect(again).toEqual({
      started: false,
      run,
      message: 'A run is already in progress in this tab; following it.',
    });
    const elsewhere = await startOrJoin(
      OTHER,
      { type: 'subTab', tab: 'Sales', subTab: 'Invoices' },
      dashboard(),
    );
    expect(elsewhere).toMatchObject({
      started: false,
      message: 'A run is already in progress in another tab; following it.',
    });
    expect((await stored()).id).toBe(run.id);
  });
});

describe('applyRunEvent', () => {
  it('applies the owner’s events and lets it proceed while running', async () => {
    await started();
    expect(await applyRunEvent(OWNER, { type: 'stepStarted', stepId: 'sales/invoices' }, 2_000)).toEqual({
      proceed: true,
    });
    expect(stepOf(await stored(), 'sales/invoices')?.status).toBe('active');
  });

  it('ignores another tab’s events: proceed false, nothing changes', async () => {
    const run = await started();
    expect(
      await applyRunEvent(OTHER, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] }),
    ).toEqual({ proceed: false });
    expect(await stored()).toEqual(run);
  });

  it('says stop once the run is cancelling', async () => {
    await started();
    await applyRunEvent(OWNER, { type: 'stepStarted', stepId: 'sales/invoices' });
    await cancelActiveRun();
    expect((await stored()).status).toBe('cancelling');
    expect(await applyRunEvent(OWNER, { type: 'stage', stepId: 'sales/invoices', stage: 'open' })).toEqual({
      proceed: false,
    });
  });

  it('applies a tab’s noted events in order, and answers a step’s end with the next step', async () => {
    const [first, second] = (await started()).steps;
    const answer = await applyRunEvent(OWNER, [
      { type: 'stepStarted', stepId: first!.id },
      { type: 'verified', stepId: first!.id, synced: [], failed: [] },
      { type: 'stepFinished', stepId: first!.id, found: 0 },
    ]);
    expect(stepOf(await stored(), first!.id)?.status).toBe('nothing');
    expect(answer).toMatchObject({
      proceed: true,
      next: { type: 'step', work: { step: { id: second!.id } } },
    });
    expect(answer.next).toEqual(await ownerWork());
  });

  it('answers proceed false when there is no run', async () => {
    expect(await applyRunEvent(OWNER, { type: 'unblocked' })).toEqual({ proceed: false });
  });
});

describe('nextWork', () => {
  it('is idle without a run, and observe for a tab that does not own the run', async () => {
    expect(await ownerWork()).toEqual({ type: 'idle' });
    await started();
    expect(await nextWork(OTHER)).toEqual({ type: 'observe' });
  });

  it('hands the owner the current step, with what this sub-tab already submitted and the timeouts', async () => {
    await started();
    const work = await ownerWork();
    expect(work).toMatchObject({
      type: 'step',
      // Contacts first: Suppliers is documented for the Purchases tab not opened yet.
      work: { step: { id: 'purchases/suppliers' }, submitted: [], timeouts: DEFAULT_TIMEOUTS },
    });
  });

  it('skips a revisit whose dependencies synced nothing', async () => {
    await started();
    await finishStep('sales/invoices');
    await finishStep('sales/payments');
    for (const step of (await stored()).steps.filter((s) => s.tab === 'Purchases')) await finishStep(step.id);
    const work = await ownerWork(false, 3_000);
    expect(work).toEqual({ type: 'idle' });
    const run = await stored();
    expect(stepOf(run, 'sales/payments/revisit')).toMatchObject({
      status: 'skipped',
      message: 'Nothing synced earlier in this run could refill this list.',
    });
    expect(run.status).toBe('done');
  });

  it('revisits Payments after invoices synced, knowing what Payments already submitted', async () => {
    await started();
    await finishStep('sales/invoices', ['INV-1']);
    await finishStep('sales/payments', ['PAY-1']);
    for (const step of (await stored()).steps.filter((s) => s.phase !== 'revisit' && s.tab === 'Purchases'))
      await finishStep(step.id);
    expect(await ownerWork()).toMatchObject({
      type: 'step',
      work: { step: { id: 'sales/payments/revisit' }, submitted: ['PAY-1'] },
    });
  });

  it('turns a cancelling run into a cancelled one and goes idle', async () => {
    await started();
    await applyRunEvent(OWNER, { type: 'stepStarted', stepId: 'sales/invoices' });
    await cancelActiveRun(4_000);
    expect(await ownerWork(false, 5_000)).toEqual({ type: 'idle' });
    const run = await stored();
    expect(run).toMatchObject({ status: 'cancelled', endedAt: 5_000 });
    expect(run.steps.every((step) => step.status === 'skipped')).toBe(true);
    expect((await runHistoryItem.getValue()).map((past) => past.id)).toEqual([run.id]);
  });

  it('is idle for a paused run, which only the owner can resume', async () => {
    await started();
    await applyRunEvent(OWNER, { type: 'blocked', reason: 'Log in.', uploadFailed: false });
    expect(await ownerWork()).toEqual({ type: 'idle' });
    expect(await resumeActiveRun(OTHER)).toBeNull();
    expect((await resumeActiveRun(OWNER))?.status).toBe('running');
    expect((await ownerWork()).type).toBe('step');
  });
});

describe('history', () => {
  it('keeps finished runs newest first, at most 20', async () => {
    for (let i = 1; i <= 21; i += 1) {
      await startOrJoin(OWNER, ALL, dashboard(), i * 1_000);
      await cancelActiveRun(i * 1_000 + 500);
    }
    const history = await runHistoryItem.getValue();
    expect(history).toHaveLength(20);
    expect(history[0]?.id).toBe('run-21000');
    expect(history[19]?.id).toBe('run-2000');
    expect(history.every((run) => run.status === 'cancelled')).toBe(true);
  });

  it('a run that is still active is not in history', async () => {
    await started();
    expect(await runHistoryItem.getValue()).toEqual([]);
  });
});

describe('ownerTabClosed', () => {
  it('stops the run and says why when the owning tab closes', async () => {
    await started();
    await ownerTabClosed(OWNER, 9_000);
    const run = await stored();
    expect(run).toMatchObject({
      status: 'interrupted',
      endedAt: 9_000,
      pauseReason: 'The dashboard tab running the sync was closed.',
    });
    expect((await runHistoryItem.getValue())[0]?.id).toBe(run.id);
  });

  it('ignores another tab closing', async () => {
    const run = await started();
    await ownerTabClosed(OTHER);
    expect(await stored()).toEqual(run);
  });
});

describe('a run whose owner is gone', () => {
  /** The run of tab `owner` mid-upload on Invoices: INV-1 submitted, its result not read yet. */
  async function midUpload(owner = OWNER) {
    await startOrJoin(owner, ALL, dashboard(), 1_000);
    await nextWork(owner, true, 1_500, null);
    await applyRunEvent(owner, [
      { type: 'stepStarted', stepId: 'purchases/suppliers' },
      { type: 'stepFinished', stepId: 'purchases/suppliers', found: 0 },
    ]);
    await applyRunEvent(owner, [
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] },
    ]);
  }
  /** A tab id no tab has (any more). */
  const CLOSED = 999;
  /** What a browser restart does to the extension's state: session storage is emptied, tab ids restart. */
  const restartBrowser = () => fakeBrowser.storage.session.clear();

  it('after a browser restart, a new tab that got the owner’s old id is not handed the run', async () => {
    await midUpload();
    await restartBrowser();
    expect(await nextWork(OWNER, true, 7_000, null)).toEqual({ type: 'idle' });
    const run = await stored();
    expect(run).toMatchObject({ status: 'interrupted', pauseReason: ORPHANED, endedAt: 7_000 });
    expect(stepOf(run, 'sales/invoices')?.failed).toEqual([
      expect.objectContaining({
        reference: 'INV-1',
        reason: expect.stringMatching(/^Submitted — check them in Omni/),
      }),
    ]);
    expect(stepOf(run, 'sales/payments')).toMatchObject({ status: 'skipped', message: 'Not run.' });
    expect((await runHistoryItem.getValue())[0]?.id).toBe(run.id);
  });

  it('on browser start, a run still marked active is closed as interrupted', async () => {
    await midUpload();
    await restartBrowser();
    await interruptOrphanedRun(8_000);
    expect((await stored()).status).toBe('interrupted');
  });

  it('after a restart, Start begins a new run instead of following the dead one', async () => {
    await midUpload();
    const before = await stored();
    await restartBrowser();
    const result = await startOrJoin(OTHER, ALL, dashboard(), 9_000);
    expect(result).toMatchObject({ started: true, message: 'Run started.' });
    expect(result.token).toEqual(expect.any(String));
    expect(result.token).not.toBe(before.ownerToken);
    expect((await runHistoryItem.getValue())[0]).toMatchObject({ id: before.id, status: 'interrupted' });
  });

  it('a tab that carries the owner’s id without its token is not the owner', async () => {
    await midUpload();
    expect(await nextWork(OWNER, true, 7_000, 'someone-else')).toEqual({ type: 'idle' });
    expect(await stored()).toMatchObject({ status: 'interrupted', pauseReason: NOT_OWNER });
  });

  it('a run started by the shortcut hands its token to the owning tab’s first request, and to no later one', async () => {
    await started();
    const first = await nextWork(OWNER, true, 2_000, null);
    const { ownerToken } = await stored();
    expect(first).toMatchObject({ type: 'step', token: ownerToken });
    expect(await nextWork(OWNER, true, 2_001, ownerToken ?? null)).toMatchObject({ type: 'step' });
    expect(await nextWork(OWNER, true, 2_002, null)).toEqual({ type: 'idle' });
    expect((await stored()).status).toBe('interrupted');
  });

  it('another tab asking, once the owner tab is gone, closes the run instead of following it', async () => {
    await midUpload(CLOSED);
    expect(await nextWork(OTHER, true, 7_000, null)).toEqual({ type: 'idle' });
    expect((await stored()).status).toBe('interrupted');
  });

  it('Cancel ends a run whose owner is gone, instead of waiting for it forever', async () => {
    await midUpload(CLOSED);
    expect((await cancelActiveRun(7_000))?.status).toBe('interrupted');
  });

  it('follows a run whose owner is alive', async () => {
    await midUpload();
    expect(await nextWork(OTHER, true, 7_000, null)).toEqual({ type: 'observe' });
    expect((await stored()).status).toBe('running');
    expect(await browserSessionItem.getValue()).toEqual(expect.any(String));
  });
});

describe('a preview run', () => {
  it('plans the lists Smart Sync All would send (no revisit, no report read), hands out read-only work, stays out of the history', async () => {
    const result = await startOrJoin(OWNER, { type: 'preview' }, dashboard(), 1_000);
    expect(result.started).toBe(true);
    const run = await stored();
    expect(run.steps.every((step) => step.phase === 'contacts' || step.phase === 'sync')).toBe(true);
    expect(run.steps.length).toBeGreaterThan(0);
    const work = await ownerWork(true, 1_500);
    expect(work).toMatchObject({ type: 'step', work: { readOnly: true, screen: false } });
    for (const step of run.steps) await finishStep(step.id);
    await ownerWork(true, 3_000);
    expect((await stored()).status).toBe('done');
    expect(await runHistoryItem.getValue()).toEqual([]);
  });
});

describe('claimReturn: the way back to the sub-tab the run started on', () => {
  it('is handed to the owning tab once, after the run ended, and to nobody else', async () => {
    const run = await started();
    expect(run.returnTo).toEqual({ tab: 'Sales', subTab: 'Invoices' });
    const token = run.ownerToken ?? null;
    expect(await claimReturn(OWNER, token)).toBeNull();
    await cancelActiveRun(2_000);
    await ownerWork(true, 2_100);
    expect((await stored()).status).toBe('cancelled');
    expect(await claimReturn(OTHER, token)).toBeNull();
    expect(await claimReturn(OWNER, 'not-the-token')).toBeNull();
    expect(await claimReturn(OWNER, token)).toEqual({ tab: 'Sales', subTab: 'Invoices' });
    expect(await claimReturn(OWNER, token)).toBeNull();
  });

  it('a one-sub-tab run (the shortcut) stays where it is', async () => {
    await startOrJoin(OWNER, { type: 'subTab', tab: 'Sales', subTab: 'Invoices' }, dashboard(), 1_000);
    expect((await stored()).returnTo).toBeUndefined();
  });
});
