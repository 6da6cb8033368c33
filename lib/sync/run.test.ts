import { describe, expect, it } from 'vitest';
import type { LayoutTab } from './planner';
import {
  applyEvent,
  cancelRun,
  currentStep,
  outcome,
  type RunState,
  type StepState,
  startRun,
  stopCancelled,
  submittedFor,
} from './run';
import type { ItemOutcome, RunEvent } from './schemas';

const NOW = 1_000;

const XERO: LayoutTab[] = [
  { label: 'Sales', subTabs: ['Customers', 'Invoices', 'Credit Notes', 'Payments'] },
  { label: 'Errors', subTabs: ['Invoices'] },
];

const start = (layout: LayoutTab[] = XERO) =>
  startRun({ id: 'run-1', tabId: 7, scope: { type: 'all' }, provider: 'xero', layout, now: NOW });

const apply = (run: RunState, ...events: RunEvent[]) =>
  events.reduce((state, event, index) => applyEvent(state, event, NOW + 100 * (index + 1)), run);

const step = (run: RunState, id: string): StepState => {
  const found = run.steps.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no step ${id} in ${run.steps.map((s) => s.id).join(', ')}`);
  return found;
};

const failedItem = (reference: string, reason: string): ItemOutcome => outcome({ reference }, reason);

/** Every step of the run finished as "nothing" except those listed. */
const finishAllBut = (run: RunState, ...keep: string[]) =>
  apply(
    run,
    ...run.steps
      .filter((s) => !keep.includes(s.id))
      .map((s): RunEvent => ({ type: 'stepFinished', stepId: s.id, found: 0 })),
  );

describe('startRun', () => {
  it('plans every list of the dashboard for "all", pending and running', () => {
    const run = start();
    expect(run).toMatchObject({ id: 'run-1', tabId: 7, status: 'running', startedAt: NOW, endedAt: null });
    expect(run.steps.map((s) => s.id)).toEqual([
      'sales/customers',
      'sales/invoices',
      'sales/credit notes',
      'sales/payments',
      'sales/payments/revisit',
      'errors/invoices',
    ]);
    expect(
      run.steps.every((s) => s.status === 'pending' && s.stage === 'open' && s.submitted.length === 0),
    ).toBe(true);
  });

  it('plans a single sub-tab for the shortcut, without a revisit', () => {
    const run = startRun({
      id: 'run-2',
      tabId: 7,
      scope: { type: 'subTab', tab: 'Sales', subTab: 'Payments (4)' },
      provider: 'xero',
      layout: XERO,
      now: NOW,
    });
    expect(run.steps.map((s) => [s.id, s.phase, s.kind])).toEqual([
      ['sales/payments', 'sync', 'upload-ticked'],
    ]);
  });
});

describe('applyEvent: discovered', () => {
  it('re-plans pending steps from the real sub-tabs and keeps finished steps with their ids', () => {
    let run = start([
      { label: 'Sales', subTabs: null },
      { label: 'Purchases', subTabs: null },
    ]);
    run = apply(
      run,
      { type: 'stepStarted', stepId: 'sales/customers' },
      { type: 'submitting', stepId: 'sales/customers', refs: ['Acme'] },
      { type: 'verified', stepId: 'sales/customers', synced: ['Acme'], failed: [] },
      { type: 'stepFinished', stepId: 'sales/customers' },
    );
    expect(step(run, 'sales/invoices').expected).toBe(true);

    run = apply(run, {
      type: 'discovered',
      tabs: ['Sales', 'Purchases'],
      tab: 'Sales',
      subTabs: ['Customers', 'Invoices (3)', 'Deposits'],
    });
    expect(run.layout).toEqual([
      { label: 'Sales', subTabs: ['Customers', 'Invoices (3)', 'Deposits'] },
      { label: 'Purchases', subTabs: null },
    ]);
    expect(step(run, 'sales/customers')).toMatchObject({ status: 'synced', synced: ['Acme'] });
    expect(step(run, 'sales/invoices')).toMatchObject({ expected: false, subTab: 'Invoices' });
    expect(step(run, 'sales/deposits')).toMatchObject({ status: 'pending', known: false });
    // Documented but absent, and never started: no longer planned.
    expect(run.steps.some((s) => s.id === 'sales/credit notes')).toBe(false);
    expect(run.steps.some((s) => s.id === 'sales/payments/revisit')).toBe(false);
    // Purchases was not opened yet: still planned from the documentation.
    expect(step(run, 'purchases/suppliers').expected).toBe(true);
  });

  it('keeps a started step that the real page turned out not to have', () => {
    let run = start();
    run = apply(run, { type: 'stepStarted', stepId: 'sales/credit notes' });
    run = apply(run, {
      type: 'discovered',
      tabs: ['Sales', 'Errors'],
      tab: 'Sales',
      subTabs: ['Customers', 'Invoices'],
    });
    expect(step(run, 'sales/credit notes').status).toBe('active');
  });

  it('only updates the layout for a single sub-tab run', () => {
    let run = startRun({
      id: 'run-3',
      tabId: 1,
      scope: { type: 'subTab', tab: 'Sales', subTab: 'Invoices' },
      provider: 'xero',
      layout: XERO,
      now: NOW,
    });
    run = apply(run, {
      type: 'discovered',
      tabs: ['Sales'],
      tab: 'Sales',
      subTabs: ['Invoices', 'Deposits'],
    });
    expect(run.steps.map((s) => s.id)).toEqual(['sales/invoices']);
    expect(run.layout).toEqual([{ label: 'Sales', subTabs: ['Invoices', 'Deposits'] }]);
  });
});

describe('applyEvent: a step’s progress', () => {
  it('starts a pending step once, with its start time', () => {
    const run = apply(
      start(),
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'stepStarted', stepId: 'sales/invoices' },
    );
    expect(step(run, 'sales/invoices')).toMatchObject({ status: 'active', startedAt: NOW + 100 });
  });

  it('counts a second round’s submissions into found', () => {
    const run = apply(
      start(),
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-3'] },
    );
    expect(step(run, 'sales/invoices').found).toBe(3);
  });

  it('records the stage a step reached', () => {
    const run = apply(start(), { type: 'stage', stepId: 'sales/invoices', stage: 'refreshing' });
    expect(step(run, 'sales/invoices').stage).toBe('refreshing');
  });

  it('writes submitted references ahead of the click, never twice', () => {
    const run = apply(
      start(),
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-2', 'INV-3'] },
    );
    expect(step(run, 'sales/invoices')).toMatchObject({
      stage: 'uploading',
      submitted: ['INV-1', 'INV-2', 'INV-3'],
    });
  });

  it('moves verified references to synced or failed, and a later success clears a failure', () => {
    const reason = 'Account code or ID must be specified';
    let run = apply(
      start(),
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] },
      {
        type: 'verified',
        stepId: 'sales/invoices',
        synced: ['INV-1'],
        failed: [failedItem('INV-2', reason)],
      },
    );
    expect(step(run, 'sales/invoices')).toMatchObject({ stage: 'open', synced: ['INV-1'] });
    expect(step(run, 'sales/invoices').failed).toEqual([failedItem('INV-2', reason)]);
    expect(step(run, 'sales/invoices').failed[0]?.fix).toMatch(/account/i);

    run = apply(run, { type: 'verified', stepId: 'sales/invoices', synced: ['INV-1', 'INV-2'], failed: [] });
    expect(step(run, 'sales/invoices')).toMatchObject({ synced: ['INV-1', 'INV-2'], failed: [] });
  });
});

describe('applyEvent: stepFinished settles the status', () => {
  const finished = (events: RunEvent[]) =>
    step(apply(start(), ...events, { type: 'stepFinished', stepId: 'sales/invoices' }), 'sales/invoices');

  it('synced when every submitted item left the list', () => {
    expect(
      finished([
        { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] },
        { type: 'verified', stepId: 'sales/invoices', synced: ['INV-1'], failed: [] },
      ]),
    ).toMatchObject({ status: 'synced', endedAt: NOW + 300 });
  });

  it('partial when some synced and some failed', () => {
    expect(
      finished([
        { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] },
        { type: 'verified', stepId: 'sales/invoices', synced: ['INV-1'], failed: [failedItem('INV-2', 'x')] },
      ]).status,
    ).toBe('partial');
  });

  it('failed when nothing synced', () => {
    expect(
      finished([
        { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] },
        { type: 'verified', stepId: 'sales/invoices', synced: [], failed: [failedItem('INV-1', 'x')] },
      ]).status,
    ).toBe('failed');
  });

  it('nothing when the list was empty or showed only rows sent earlier; failed when its own upload came to nothing', () => {
    expect(finished([]).status).toBe('nothing');
    const onlyEarlier = apply(start(), { type: 'stepFinished', stepId: 'sales/invoices', found: 2 });
    expect(step(onlyEarlier, 'sales/invoices').status).toBe('nothing');
    const sent = apply(start(), { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] });
    const unanswered = apply(sent, { type: 'stepFinished', stepId: 'sales/invoices', found: 2 });
    expect(step(unanswered, 'sales/invoices').status).toBe('failed');
  });

  it('takes an explicit status, message and failed items as given', () => {
    const run = apply(start(), {
      type: 'stepFinished',
      stepId: 'sales/invoices',
      status: 'skipped',
      message: 'Not on this dashboard.',
      failed: [failedItem('INV-9', 'Timed out')],
    });
    expect(step(run, 'sales/invoices')).toMatchObject({
      status: 'skipped',
      message: 'Not on this dashboard.',
      failed: [failedItem('INV-9', 'Timed out')],
    });
  });

  it('ends the run as done when no step is left pending or active', () => {
    const run = finishAllBut(start());
    expect(run.status).toBe('done');
    expect(run.endedAt).not.toBeNull();
    expect(currentStep(run)).toBeNull();
  });

  it('folds items the Errors tab lists into the matching step: synced → failed, with reason and fix', () => {
    const reason = 'Organization is not subscribed to currency AUD';
    let run = apply(
      start(),
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] },
      { type: 'verified', stepId: 'sales/invoices', synced: ['INV-1', 'INV-2'], failed: [] },
      { type: 'stepFinished', stepId: 'sales/invoices' },
    );
    expect(step(run, 'sales/invoices').status).toBe('synced');
    run = apply(run, {
      type: 'stepFinished',
      stepId: 'errors/invoices',
      status: 'read',
      listed: [failedItem('INV-2', reason), failedItem('INV-OLD', reason)],
    });
    const invoices = step(run, 'sales/invoices');
    expect(invoices.synced).toEqual(['INV-1']);
    expect(invoices.failed.map((item) => [item.reference, item.reason])).toEqual([['INV-2', reason]]);
    expect(invoices.failed[0]?.fix).toMatch(/currenc/i);
    expect(invoices.status).toBe('partial');
    expect(step(run, 'errors/invoices')).toMatchObject({
      status: 'read',
      listed: [{ reference: 'INV-2' }, {}],
    });
  });
});

describe('applyEvent: blocked and unblocked', () => {
  const uploading = () =>
    apply(
      start(),
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] },
    );

  it('an error page during the upload fails the uploading step’s items and pauses the run', () => {
    const run = apply(uploading(), {
      type: 'blocked',
      reason: 'Omni answered with an error page.',
      uploadFailed: true,
    });
    expect(run).toMatchObject({ status: 'paused', pauseReason: 'Omni answered with an error page.' });
    const invoices = step(run, 'sales/invoices');
    expect(invoices).toMatchObject({
      status: 'failed',
      stage: 'open',
      message: 'Omni answered with an error page.',
    });
    expect(invoices.failed.map((item) => item.reference)).toEqual(['INV-1', 'INV-2']);
    expect(currentStep(run)).toBeNull();
  });

  it('a login page pauses without touching the step', () => {
    const before = uploading();
    const run = apply(before, { type: 'blocked', reason: 'Log in.', uploadFailed: false });
    expect(run).toMatchObject({ status: 'paused', pauseReason: 'Log in.' });
    expect(step(run, 'sales/invoices')).toEqual(step(before, 'sales/invoices'));
  });

  it('unblocked resumes a paused run only', () => {
    const paused = apply(start(), { type: 'blocked', reason: 'Log in.', uploadFailed: false });
    expect(apply(paused, { type: 'unblocked' })).toMatchObject({ status: 'running', pauseReason: null });
    const cancelled = cancelRun(start(), NOW);
    expect(apply(cancelled, { type: 'unblocked' }).status).toBe('cancelled');
    const running = start();
    expect(apply(running, { type: 'unblocked' })).toBe(running);
  });
});

describe('cancelRun and stopCancelled', () => {
  it('mid-step: cancelling, so the current wait finishes first', () => {
    const run = cancelRun(apply(start(), { type: 'stepStarted', stepId: 'sales/customers' }), NOW + 500);
    expect(run.status).toBe('cancelling');
    expect(currentStep(run)).toBeNull();
  });

  it('between steps: cancelled at once, every pending step skipped and said so', () => {
    let run = apply(start(), { type: 'stepFinished', stepId: 'sales/customers', found: 0 });
    run = cancelRun(run, NOW + 500);
    expect(run).toMatchObject({ status: 'cancelled', endedAt: NOW + 500 });
    expect(step(run, 'sales/customers').status).toBe('nothing');
    const rest = run.steps.filter((s) => s.id !== 'sales/customers');
    expect(rest.every((s) => s.status === 'skipped' && s.message === 'Cancelled before this step ran.')).toBe(
      true,
    );
  });

  it('a paused run is cancelled at once', () => {
    const paused = apply(
      start(),
      { type: 'stepStarted', stepId: 'sales/customers' },
      { type: 'blocked', reason: 'Log in.', uploadFailed: false },
    );
    expect(cancelRun(paused, NOW).status).toBe('cancelled');
  });

  it('leaves a finished run alone', () => {
    const done = finishAllBut(start());
    expect(cancelRun(done, NOW + 9_000)).toBe(done);
  });

  it('stopCancelled settles the active step by what it did', () => {
    const active = apply(
      start(),
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] },
      { type: 'verified', stepId: 'sales/invoices', synced: ['INV-1'], failed: [] },
    );
    const stopped = stopCancelled(active, NOW + 900);
    expect(step(stopped, 'sales/invoices')).toMatchObject({ status: 'synced', endedAt: NOW + 900 });
    const idle = stopCancelled(apply(start(), { type: 'stepStarted', stepId: 'sales/invoices' }), NOW);
    expect(step(idle, 'sales/invoices').status).toBe('skipped');
  });
});

describe('currentStep and submittedFor', () => {
  it('the active step first, else the first pending one; none unless running', () => {
    const run = start();
    expect(currentStep(run)?.id).toBe('sales/customers');
    expect(currentStep(apply(run, { type: 'stepStarted', stepId: 'sales/payments' }))?.id).toBe(
      'sales/payments',
    );
    expect(currentStep(apply(run, { type: 'blocked', reason: 'x', uploadFailed: false }))).toBeNull();
  });

  it('collects references submitted by every step of a sub-tab, the revisit included', () => {
    const run = apply(
      start(),
      { type: 'submitting', stepId: 'sales/payments', refs: ['PAY-1'] },
      { type: 'submitting', stepId: 'sales/payments/revisit', refs: ['PAY-2'] },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] },
    );
    expect(submittedFor(run, 'Payments (2)')).toEqual(new Set(['PAY-1', 'PAY-2']));
    expect(submittedFor(run, 'Credit Notes')).toEqual(new Set());
  });
});
