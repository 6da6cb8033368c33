// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { executeStep, type StepBridge, type Timeouts } from './executor';
import { applyEvent, NOT_SENT, type RunState, type StepState, startRun, submittedFor } from './run';
import type { RunEvent } from './schemas';

/** Short waits: the fake page answers within a few milliseconds. */
const TIMEOUTS: Timeouts = { openMs: 500, readyMs: 500, uploadMs: 500 };

interface FakeRow {
  reference: string;
  customer: string;
  total: string;
  error: string;
  checked: boolean;
}

interface UploadBehaviour {
  /** Rows Omni refuses: they stay listed with this error text. */
  refuse?: Record<string, string>;
  /** Answer after this many ms behind a busy overlay, or never. */
  delayMs?: number | 'never';
  /** The upload first asks for confirmation in a dialog. */
  confirm?: boolean;
}

interface PageOptions {
  controls?: string[];
  /** The sub-tab shown when the page loads; clicking another sub-tab shows it. */
  subTab?: string;
  /** A pager: Previous/Next with "Page x of y", a rows-per-page select as well, or "Show more". */
  pager?: { kind: 'next-prev' | 'page-size' | 'show-more'; size: number; resetAfterUpload?: boolean };
}

/** Listeners of the previous test's page are removed with it. */
let pageListeners = new AbortController();

/**
 * A scripted Accounting Dashboard on Sales → Invoices: a tab strip, a sub-tab strip, a grid with a
 * header checkbox, and upload buttons whose handlers do what Omni does (synced rows leave the list,
 * refused rows stay with an error).
 */
class FakeDashboard {
  rows: FakeRow[] = [];
  /** Each upload Omni received: the control pressed and the references it sent. */
  uploads: Array<{ control: string; refs: string[] }> = [];
  /** Every element clicked, by label or role, in order. */
  clicks: string[] = [];
  behaviour: UploadBehaviour = {};
  page = 1;
  pageSize = 0;
  shown = 0;

  constructor(
    refs: string[],
    readonly options: PageOptions = {},
  ) {
    const { controls = ['Upload All', 'Upload Selected'], subTab = 'Invoices' } = options;
    this.pageSize = options.pager?.size ?? 0;
    this.shown = this.pageSize;
    const subTabs = ['Customers', 'Invoices', 'Payments'];
    this.rows = refs.map((reference) => ({
      reference,
      customer: `Customer of ${reference}`,
      total: '10.00',
      error: '',
      checked: false,
    }));
    document.body.innerHTML = `
      <h1>Xero V2 Accounting Dashboard</h1>
      <div role="tablist" id="tabs">
        <button role="tab" aria-selected="true">Sales</button>
        <button role="tab" aria-selected="false">Purchases</button>
        <button role="tab" aria-selected="false">Errors</button>
      </div>
      <div role="tablist" id="sub-tabs">${subTabs
        .map((label) => `<button role="tab" aria-selected="${label === subTab}">${label}</button>`)
        .join('')}</div>
      <div id="list"></div>
      <div id="toolbar">${controls.map((label) => `<button type="button">${label}</button>`).join('')}</div>`;
    const signal = pageListeners.signal;
    document.addEventListener(
      'click',
      (event) => {
        const target = event.target as HTMLElement;
        this.clicks.push(
          target.tagName === 'INPUT'
            ? `checkbox ${target.dataset.ref ?? 'all'}`
            : (target.getAttribute('aria-label') ?? target.textContent ?? ''),
        );
      },
      { capture: true, signal },
    );
    for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#toolbar button'))) {
      button.addEventListener('click', () => this.upload(button.textContent ?? ''));
    }
    const tabs = Array.from(document.querySelectorAll('#sub-tabs [role="tab"]'));
    for (const tab of tabs) {
      tab.addEventListener('click', () => {
        for (const other of tabs) other.setAttribute('aria-selected', String(other === tab));
      });
    }
    this.render();
  }

  /** The rows on the page shown (Upload All sends these: the harsh reading of an undocumented pager). */
  visible(): FakeRow[] {
    const pager = this.options.pager;
    if (!pager) return this.rows;
    if (pager.kind === 'show-more') return this.rows.slice(0, this.shown);
    const pages = Math.max(1, Math.ceil(this.rows.length / this.pageSize));
    this.page = Math.min(this.page, pages);
    return this.rows.slice((this.page - 1) * this.pageSize, this.page * this.pageSize);
  }

  private pagerHtml(): string {
    const pager = this.options.pager;
    if (!pager) return '';
    if (pager.kind === 'show-more') {
      return this.shown < this.rows.length ? '<div class="more"><button>Show more</button></div>' : '';
    }
    const pages = Math.max(1, Math.ceil(this.rows.length / this.pageSize));
    const size =
      pager.kind === 'page-size'
        ? `<select id="size">${[pager.size, 10, 25].map((n) => `<option${n === this.pageSize ? ' selected' : ''}>${n}</option>`).join('')}</select>`
        : '';
    return `<div class="paging"><button aria-label="Previous page" ${this.page === 1 ? 'disabled' : ''}>‹</button>
      <span>Page ${this.page} of ${pages}</span>
      <button aria-label="Next page" ${this.page >= pages ? 'disabled' : ''}>›</button>${size}</div>`;
  }

  render(): void {
    const list = document.getElementById('list')!;
    const visible = this.visible();
    const body =
      visible.length === 0
        ? '<tr><td colspan="5">No records to display.</td></tr>'
        : visible
            .map(
              (row) => `<tr>
                <td><input type="checkbox" data-ref="${row.reference}" ${row.checked ? 'checked' : ''}></td>
                <td>${row.reference}</td><td>${row.customer}</td><td>${row.total}</td><td>${row.error}</td>
              </tr>`,
            )
            .join('');
    list.innerHTML = `<table>
      <thead><tr><th><input type="checkbox" id="select-all"></th><th>Reference</th><th>Customer</th><th>Total</th><th>Error</th></tr></thead>
      <tbody>${body}</tbody></table>${this.pagerHtml()}`;
    for (const button of Array.from(
      list.querySelectorAll<HTMLButtonElement>('.paging button, .more button'),
    )) {
      button.addEventListener('click', () => {
        const label = button.getAttribute('aria-label') ?? button.textContent;
        if (label === 'Next page') this.page += 1;
        else if (label === 'Previous page') this.page -= 1;
        else this.shown += this.pageSize;
        this.render();
      });
    }
    document.getElementById('size')?.addEventListener('change', (event) => {
      this.pageSize = Number((event.target as HTMLSelectElement).value);
      this.page = 1;
      this.clicks.push(`page size ${this.pageSize}`);
      this.render();
    });
    const all = document.getElementById('select-all') as HTMLInputElement;
    all.addEventListener('click', () => {
      for (const row of this.visible()) row.checked = all.checked;
      this.render();
      (document.getElementById('select-all') as HTMLInputElement).checked = all.checked;
    });
    for (const box of Array.from(list.querySelectorAll<HTMLInputElement>('tbody input[data-ref]'))) {
      box.addEventListener('click', () => {
        const row = this.rows.find((candidate) => candidate.reference === box.dataset.ref);
        if (row) row.checked = box.checked;
      });
    }
  }

  private upload(control: string): void {
    const sent = control === 'Upload All' ? this.visible() : this.rows.filter((row) => row.checked);
    this.uploads.push({ control, refs: sent.map((row) => row.reference) });
    if (this.behaviour.confirm) {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<div role="dialog" id="confirm"><p>Upload these items?</p><button>Cancel</button><button>OK</button></div>',
      );
      document.querySelector('#confirm button:last-child')?.addEventListener('click', () => {
        document.getElementById('confirm')?.remove();
        this.answerUpload(sent);
      });
      return;
    }
    this.answerUpload(sent);
  }

  private answerUpload(sent: FakeRow[]): void {
    const answer = () => {
      const refuse = this.behaviour.refuse ?? {};
      this.rows = this.rows
        .filter((row) => !sent.includes(row) || refuse[row.reference] !== undefined)
        .map((row) => ({ ...row, checked: false, error: refuse[row.reference] ?? row.error }));
      if (this.options.pager?.resetAfterUpload) this.page = 1;
      document.getElementById('busy')?.remove();
      this.render();
    };
    const delay = this.behaviour.delayMs ?? 0;
    if (delay === 0) {
      answer();
      return;
    }
    document.body.insertAdjacentHTML('beforeend', '<div id="busy" aria-busy="true">Uploading…</div>');
    if (delay !== 'never') setTimeout(answer, delay);
  }
}

/** Records every event and applies it to a run, as the background would; can refuse one event type. */
class FakeBridge implements StepBridge {
  events: RunEvent[] = [];
  screen?: StepBridge['screen'];
  /** After storing an event of this type: the answer is lost (`lose`), or says stop (`stop`). */
  after: { type: RunEvent['type']; answer: 'lose' | 'stop' } | null = null;
  constructor(
    public run: RunState,
    private readonly refuse: RunEvent['type'] | null = null,
  ) {}
  async report(events: RunEvent[]): Promise<{ proceed: boolean }> {
    for (const event of events) {
      this.events.push(event);
      if (event.type === this.refuse) return { proceed: false };
      this.run = applyEvent(this.run, event, Date.now());
      if (event.type === this.after?.type) {
        const { answer } = this.after;
        this.after = null;
        if (answer === 'lose') throw new Error('The message port closed before a response was received.');
        return { proceed: false };
      }
    }
    return { proceed: this.run.status === 'running' };
  }
  get step(): StepState {
    return this.run.steps[0]!;
  }
  eventsOf<T extends RunEvent['type']>(type: T): Array<Extract<RunEvent, { type: T }>> {
    return this.events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
  }
}

const invoicesRun = () =>
  startRun({
    id: 'run-1',
    tabId: 1,
    scope: { type: 'subTab', tab: 'Sales', subTab: 'Invoices' },
    provider: 'xero',
    layout: [{ label: 'Sales', subTabs: ['Customers', 'Invoices', 'Payments'] }],
    now: Date.now(),
  });

/** A run whose Invoices step is already part-way, as a page load or a revisit finds it. */
function runWithStep(change: Partial<StepState>): RunState {
  const run = invoicesRun();
  return { ...run, steps: run.steps.map((step) => ({ ...step, ...change })) };
}

async function execute(bridge: FakeBridge, submitted: string[] = []) {
  await executeStep(document, { step: bridge.step, submitted, timeouts: TIMEOUTS }, bridge);
}

beforeEach(() => {
  pageListeners.abort();
  pageListeners = new AbortController();
  document.body.innerHTML = '';
});

describe('executeStep on a scripted dashboard', () => {
  it('an empty list: nothing to sync, nothing clicked', async () => {
    const page = new FakeDashboard([]);
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(page.clicks).toEqual([]);
    expect(bridge.eventsOf('stepFinished')).toEqual([
      { type: 'stepFinished', stepId: 'sales/invoices', found: 0 },
    ]);
    expect(bridge.step.status).toBe('nothing');
  });

  it('ticks all and presses Upload All; synced rows leave, a refused row fails with its reason', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2', 'INV-3']);
    page.behaviour = { refuse: { 'INV-2': 'Account code or ID must be specified' }, delayMs: 5 };
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);

    expect(page.clicks).toEqual(['checkbox all', 'Upload All']);
    expect(page.uploads).toEqual([{ control: 'Upload All', refs: ['INV-1', 'INV-2', 'INV-3'] }]);
    // Written ahead of the click, then read back from the page.
    const details = (ref: string) => ({
      reference: ref,
      contact: `Customer of ${ref}`,
      date: '',
      amount: '10.00',
    });
    expect(bridge.eventsOf('submitting')).toEqual([
      {
        type: 'submitting',
        stepId: 'sales/invoices',
        refs: ['INV-1', 'INV-2', 'INV-3'],
        page: null,
        items: ['INV-1', 'INV-2', 'INV-3'].map(details),
      },
    ]);
    const [verified] = bridge.eventsOf('verified');
    expect(verified?.synced).toEqual(['INV-1', 'INV-3']);
    expect(verified?.failed).toMatchObject([
      {
        reference: 'INV-2',
        contact: 'Customer of INV-2',
        amount: '10.00',
        reason: 'Account code or ID must be specified',
      },
    ]);
    expect(verified?.failed[0]?.fix).toMatch(/account/i);
    expect(bridge.step).toMatchObject({ status: 'partial', found: 3, synced: ['INV-1', 'INV-3'] });
  });

  it('keeps what each submitted row showed, so a synced row (gone from the list) keeps its details', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2']);
    page.rows[0]!.customer = 'Smith, "Bob"';
    page.rows[1]!.total = '-5.00';
    page.render();
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(bridge.step.synced).toEqual(['INV-1', 'INV-2']);
    expect(bridge.step.items).toEqual({
      'INV-1': { contact: 'Smith, "Bob"', date: '', amount: '10.00' },
      'INV-2': { contact: 'Customer of INV-2', date: '', amount: '-5.00' },
    });
  });

  it('a revisit uploads only rows not yet submitted in this run, ticked, with Upload Selected', async () => {
    const page = new FakeDashboard(['PAY-OLD', 'INV-4', 'INV-5']);
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge, ['PAY-OLD']);
    expect(page.uploads).toEqual([{ control: 'Upload Selected', refs: ['INV-4', 'INV-5'] }]);
    expect(page.clicks).toEqual(['checkbox INV-4', 'checkbox INV-5', 'Upload Selected']);
    expect(bridge.eventsOf('submitting')[0]?.refs).toEqual(['INV-4', 'INV-5']);
    expect(bridge.step).toMatchObject({ status: 'synced', synced: ['INV-4', 'INV-5'] });
  });

  it('stops the step with the reason when the upload control is missing, and clicks nothing', async () => {
    const page = new FakeDashboard(['INV-1'], { controls: ['Upload Selected'] });
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(page.clicks).toEqual([]);
    expect(page.uploads).toEqual([]);
    expect(bridge.eventsOf('submitting')).toEqual([]);
    expect(bridge.step).toMatchObject({
      status: 'failed',
      message: 'No "Upload All" button is visible on this sub-tab.',
      submitted: [],
    });
  });

  it('resumed at stage "uploading", reads the outcome from the page and never presses upload again', async () => {
    const page = new FakeDashboard(['INV-2']);
    page.rows[0]!.error = 'Zero value transactions are not sent to Xero';
    page.render();
    const bridge = new FakeBridge(
      runWithStep({ status: 'active', stage: 'uploading', found: 2, submitted: ['INV-1', 'INV-2'] }),
    );
    await execute(bridge, ['INV-1', 'INV-2']);
    expect(page.clicks).toEqual([]);
    expect(page.uploads).toEqual([]);
    expect(bridge.eventsOf('verified')).toMatchObject([
      {
        synced: ['INV-1'],
        failed: [{ reference: 'INV-2', reason: 'Zero value transactions are not sent to Xero' }],
      },
    ]);
    expect(bridge.step.status).toBe('partial');
  });

  it('an upload Omni never finishes: failed after the timeout, its items not sent again', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2']);
    page.behaviour = { delayMs: 'never' };
    const bridge = new FakeBridge(invoicesRun());
    await executeStep(
      document,
      { step: bridge.step, submitted: [], timeouts: { ...TIMEOUTS, uploadMs: 30 } },
      bridge,
    );
    expect(page.uploads).toHaveLength(1);
    expect(bridge.step.status).toBe('failed');
    expect(bridge.step.message).toMatch(/^Timed out after .* waiting for Omni to finish "Upload All"\./);
    expect(bridge.step.message).toContain('its items were not sent again');
    expect(bridge.step.failed.map((item) => item.reference)).toEqual(['INV-1', 'INV-2']);
  });

  it('cancelled before the upload click: the upload is not pressed, nothing is submitted', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2']);
    const bridge = new FakeBridge(invoicesRun(), 'submitting');
    await execute(bridge);
    expect(page.uploads).toEqual([]);
    expect(page.clicks).not.toContain('Upload All');
    expect(bridge.step).toMatchObject({
      status: 'skipped',
      submitted: [],
      failed: [],
      message: 'Cancelled before the next click.',
    });
  });

  it('the answer to "submitting" lost: nothing pressed, the items listed as not sent and free to go again', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2']);
    const bridge = new FakeBridge(invoicesRun());
    bridge.after = { type: 'submitting', answer: 'lose' };
    await execute(bridge);
    expect(page.uploads).toEqual([]);
    expect(bridge.eventsOf('stepFinished')[0]?.notSent).toEqual(['INV-1', 'INV-2']);
    expect(bridge.step.status).toBe('failed');
    expect(bridge.step.submitted).toEqual([]);
    expect(bridge.step.failed.map((item) => [item.reference, item.reason])).toEqual([
      ['INV-1', NOT_SENT],
      ['INV-2', NOT_SENT],
    ]);
    expect(submittedFor(bridge.run, 'Invoices').size).toBe(0);
  });

  it('told to stop after "submitting" was stored (a cancel): nothing pressed, nothing left as submitted', async () => {
    const page = new FakeDashboard(['INV-1']);
    const bridge = new FakeBridge(invoicesRun());
    bridge.after = { type: 'submitting', answer: 'stop' };
    await execute(bridge);
    expect(page.uploads).toEqual([]);
    expect(bridge.step).toMatchObject({ status: 'skipped', submitted: [], failed: [] });
  });

  it('leaves out the rows a ledger check holds back: ticks the others and uploads them selected', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2', 'INV-3']);
    const bridge = new FakeBridge(invoicesRun());
    const asked: string[][] = [];
    bridge.screen = async (request) => {
      asked.push(request.rows.map((row) => row.reference));
      return request.rows
        .filter((row) => row.reference === 'INV-2')
        .map((row) => ({ ...row, reason: 'In a locked period (lock date 2026-03-31)', fix: null }));
    };
    await executeStep(
      document,
      { step: bridge.step, submitted: [], screen: true, timeouts: TIMEOUTS },
      bridge,
    );
    expect(asked).toEqual([['INV-1', 'INV-2', 'INV-3']]);
    expect(page.uploads).toEqual([{ control: 'Upload Selected', refs: ['INV-1', 'INV-3'] }]);
    expect(bridge.step).toMatchObject({ status: 'partial', synced: ['INV-1', 'INV-3'], held: ['INV-2'] });
    expect(bridge.step.failed).toMatchObject([
      { reference: 'INV-2', reason: expect.stringMatching(/locked period/) },
    ]);
  });

  it('asks for no ledger check when the work says the proxy is off, and leaves out what was held earlier', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2']);
    const bridge = new FakeBridge(invoicesRun());
    bridge.screen = async () => {
      throw new Error('must not be asked');
    };
    await executeStep(
      document,
      { step: bridge.step, submitted: [], held: ['INV-2'], screen: false, timeouts: TIMEOUTS },
      bridge,
    );
    expect(page.uploads).toEqual([{ control: 'Upload Selected', refs: ['INV-1'] }]);
  });

  it('opens the step’s sub-tab by its label before reading the list', async () => {
    const page = new FakeDashboard(['INV-1'], { subTab: 'Customers' });
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(page.clicks).toEqual(['Invoices', 'checkbox all', 'Upload All']);
    expect(bridge.eventsOf('discovered')).toEqual([
      {
        type: 'discovered',
        tabs: ['Sales', 'Purchases', 'Errors'],
        tab: 'Sales',
        subTabs: ['Customers', 'Invoices', 'Payments'],
      },
    ]);
    expect(bridge.step.status).toBe('synced');
  });

  it('confirms the dialog the upload itself opened, once, and nothing else in it', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2']);
    page.behaviour = { confirm: true, delayMs: 5 };
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(page.clicks).toEqual(['checkbox all', 'Upload All', 'OK']);
    expect(page.uploads).toHaveLength(1);
    expect(bridge.step).toMatchObject({ status: 'synced', synced: ['INV-1', 'INV-2'] });
  });

  it('skips a sub-tab this dashboard does not have, without clicking', async () => {
    const page = new FakeDashboard(['INV-1']);
    const run = invoicesRun();
    const bridge = new FakeBridge({
      ...run,
      steps: run.steps.map((step) => ({ ...step, id: 'sales/deposits', subTab: 'Deposits' })),
    });
    await execute(bridge);
    expect(page.clicks).toEqual([]);
    expect(bridge.step).toMatchObject({
      status: 'skipped',
      message: '"Deposits" is not on this dashboard’s Sales tab.',
    });
  });

  it('pages through a list it cannot show whole: Upload Selected per page, every row once, never Upload All', async () => {
    const refs = Array.from({ length: 7 }, (_, i) => `INV-${i + 1}`);
    const page = new FakeDashboard(refs, { pager: { kind: 'next-prev', size: 3 } });
    page.behaviour = { refuse: { 'INV-2': 'Account code or ID must be specified' } };
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(page.uploads.map((upload) => upload.control)).not.toContain('Upload All');
    expect(page.uploads.flatMap((upload) => upload.refs).sort()).toEqual([...refs].sort());
    expect(page.rows.map((row) => row.reference)).toEqual(['INV-2']);
    expect(bridge.step.synced.sort()).toEqual(refs.filter((ref) => ref !== 'INV-2').sort());
    expect(bridge.step.failed).toMatchObject([
      { reference: 'INV-2', reason: 'Account code or ID must be specified' },
    ]);
    expect(bridge.step.status).toBe('partial');
  });

  it('a pager that returns to page one after each upload: a sweep of every page settles what it hid', async () => {
    const refs = Array.from({ length: 7 }, (_, i) => `INV-${i + 1}`);
    const page = new FakeDashboard(refs, { pager: { kind: 'next-prev', size: 2, resetAfterUpload: true } });
    page.behaviour = { refuse: { 'INV-6': 'Zero value transactions are not sent to Xero' } };
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(page.uploads.flatMap((upload) => upload.refs).sort()).toEqual([...refs].sort());
    expect(bridge.step.synced.sort()).toEqual(refs.filter((ref) => ref !== 'INV-6').sort());
    expect(bridge.step.failed.map((item) => [item.reference, item.reason])).toEqual([
      ['INV-6', 'Zero value transactions are not sent to Xero'],
    ]);
    expect(bridge.step.stage).toBe('open');
  });

  it('shows every row first where the list allows: the largest rows-per-page, or "Show more"', async () => {
    const refs = Array.from({ length: 8 }, (_, i) => `INV-${i + 1}`);
    const sized = new FakeDashboard(refs, { pager: { kind: 'page-size', size: 3 } });
    await execute(new FakeBridge(invoicesRun()));
    expect(sized.clicks[0]).toBe('page size 10');
    expect(sized.uploads).toEqual([{ control: 'Upload Selected', refs }]);

    const more = new FakeDashboard(refs, { pager: { kind: 'show-more', size: 3 } });
    const bridge = new FakeBridge(invoicesRun());
    await execute(bridge);
    expect(more.clicks.slice(0, 2)).toEqual(['Show more', 'Show more']);
    expect(more.uploads).toEqual([{ control: 'Upload Selected', refs }]);
    expect(bridge.step.status).toBe('synced');
  });

  it('a list it cannot make sense of fails as soon as the page is quiet, saying what was seen', async () => {
    new FakeDashboard(['INV-1']);
    document.getElementById('list')!.innerHTML = '<div class="cards"><div>INV-1</div><div>INV-2</div></div>';
    const bridge = new FakeBridge(invoicesRun());
    const started = Date.now();
    await executeStep(
      document,
      { step: bridge.step, submitted: [], timeouts: { ...TIMEOUTS, readyMs: 10_000, quietMs: 100 } },
      bridge,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(bridge.step.status).toBe('failed');
    expect(bridge.step.message).toMatch(
      /^This list could not be understood\. What was seen: 0 grids on the page; none looks like a list of rows; upload buttons: "Upload All", "Upload Selected"/,
    );
  });

  it('Payments: ticks all and presses the plain Upload', async () => {
    const page = new FakeDashboard(['PAY-1', 'PAY-2'], { controls: ['Upload'], subTab: 'Payments' });
    const run = startRun({
      id: 'run-2',
      tabId: 1,
      scope: { type: 'subTab', tab: 'Sales', subTab: 'Payments' },
      provider: 'xero',
      layout: [{ label: 'Sales', subTabs: ['Customers', 'Invoices', 'Payments'] }],
      now: Date.now(),
    });
    const bridge = new FakeBridge(run);
    await execute(bridge);
    expect(page.clicks).toEqual(['checkbox all', 'Upload']);
    expect(page.uploads).toEqual([{ control: 'Upload', refs: ['PAY-1', 'PAY-2'] }]);
    expect(bridge.step).toMatchObject({
      kind: 'upload-ticked',
      status: 'synced',
      synced: ['PAY-1', 'PAY-2'],
    });
  });
});

describe('executeStep for a preview (readOnly)', () => {
  it('reads every row with its details and finishes as read: nothing ticked, nothing uploaded', async () => {
    const page = new FakeDashboard(['INV-1', 'INV-2', 'INV-3']);
    const bridge = new FakeBridge(invoicesRun());
    await executeStep(
      document,
      { step: bridge.step, submitted: [], timeouts: TIMEOUTS, readOnly: true },
      bridge,
    );
    expect(page.clicks).toEqual([]);
    expect(page.uploads).toEqual([]);
    expect(bridge.eventsOf('submitting')).toEqual([]);
    expect(bridge.step).toMatchObject({ status: 'read', found: 3 });
    expect(bridge.step.listed.map((item) => item.reference)).toEqual(['INV-1', 'INV-2', 'INV-3']);
  });
});
