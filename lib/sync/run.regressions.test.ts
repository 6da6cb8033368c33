import { expect, it } from 'vitest';
import { applyEvent, cancelRun, currentStep, startRun, stopCancelled } from './run';

/** A run of the one sub-tab Sales → Invoices, as the keyboard shortcut starts it. */
const invoicesRun = () =>
  startRun({
    id: 'r',
    tabId: 1,
    scope: { type: 'subTab', tab: 'Sales', subTab: 'Invoices' },
    provider: 'xero',
    layout: [],
    now: 0,
  });

it('no longer: an error page during the last step leaves the run "running" forever after resume', () => {
  let run = invoicesRun();
  run = applyEvent(run, { type: 'stepStarted', stepId: 'sales/invoices' }, 1);
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] }, 2);
  run = applyEvent(
    run,
    { type: 'blocked', reason: 'Omni answered with an error page.', uploadFailed: true },
    3,
  );
  run = applyEvent(run, { type: 'unblocked' }, 4);
  expect(currentStep(run)).toBeNull(); // nothing left to do...
  expect(run.status).toBe('done');
});

it('no longer: a submitting event that repeats a reference counts it twice in found', () => {
  let run = invoicesRun();
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] }, 1);
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-2', 'INV-3'] }, 2);
  expect(run.steps[0]?.submitted).toEqual(['INV-1', 'INV-2', 'INV-3']);
  expect(run.steps[0]?.found).toBe(3);
});

it('no longer: an error page in a later round overwrites the reason (and fix) of items that already failed with their own reason', () => {
  let run = invoicesRun();
  run = applyEvent(run, { type: 'stepStarted', stepId: 'sales/invoices' }, 1);
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] }, 2);
  run = applyEvent(
    run,
    {
      type: 'verified',
      stepId: 'sales/invoices',
      synced: [],
      failed: [
        {
          reference: 'INV-1',
          contact: '',
          date: '',
          amount: '',
          reason: 'Account code or ID must be specified',
          fix: 'Set the missing account',
        },
      ],
    },
    3,
  );
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-2'] }, 4);
  run = applyEvent(run, { type: 'blocked', reason: 'Error page.', uploadFailed: true }, 5);
  expect(run.steps[0]?.failed.find((i) => i.reference === 'INV-1')?.reason).toBe(
    'Account code or ID must be specified',
  );
});

it('no longer: a step whose list shows only rows already submitted earlier in the run settles as "failed" with no item and no message', () => {
  let run = startRun({
    id: 'r',
    tabId: 1,
    scope: { type: 'all' },
    provider: 'xero',
    layout: [{ label: 'Sales', subTabs: ['Invoices', 'Payments'] }],
    now: 0,
  });
  // what executeStep reports for a revisit of Payments that shows only PAY-1, which failed in the first pass
  run = applyEvent(run, { type: 'stepStarted', stepId: 'sales/payments/revisit' }, 1);
  run = applyEvent(run, { type: 'stepFinished', stepId: 'sales/payments/revisit', found: 1 }, 2);
  const revisit = run.steps.find((s) => s.id === 'sales/payments/revisit');
  expect(revisit?.status === 'failed' && revisit.failed.length === 0 && revisit.message === null).toBe(false);
});

it('no longer: stopping a run mid-upload reports the step "skipped … before this step ran" though its items were submitted', () => {
  let run = invoicesRun();
  run = applyEvent(run, { type: 'stepStarted', stepId: 'sales/invoices' }, 1);
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] }, 2); // upload pressed
  const stopped = stopCancelled(run, 3); // what ownerTabClosed (or a second Cancel) does
  const step = stopped.steps[0]!;

  expect(step.status).not.toBe('skipped');
  expect(step.failed.map((i) => i.reference)).toEqual(['INV-1', 'INV-2']);
});

it('no longer: a second Cancel while the first is still "cancelling" stops the run at once, mid-upload', () => {
  let run = invoicesRun();
  run = applyEvent(run, { type: 'stepStarted', stepId: 'sales/invoices' }, 1);
  run = applyEvent(run, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] }, 2);
  run = cancelRun(run, 3);
  expect(run.status).toBe('cancelling');
  expect(cancelRun(run, 4).status).toBe('cancelling');
});
