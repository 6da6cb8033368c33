/**
 * The fault matrix of a run meeting an unlucky user or a hostile page (issue 9): the browser or the tab
 * going away mid-upload, the service worker stopped between "submitting" and the click, two windows
 * pressing Start together, and page scripts trying to drive the extension. Each asserts that nothing
 * was posted twice, nothing forbidden was clicked, and no result was lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  doubleUploads,
  extensionWorker,
  inPanel,
  PANEL_HOST,
  PanelObject,
  pressPanelButton,
  type Session,
  simPaths,
  startSession,
  startSmartSyncAll,
  storedRun,
  waitForRun,
  waitForRunEnd,
} from './harness';

type Run = NonNullable<Awaited<ReturnType<typeof storedRun>>>;
const step = (run: Run | null, id: string) => run?.steps.find((s) => s.id === id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openDashboard(session: Session) {
  await session.open(simPaths.dashboard);
  await new PanelObject(session.page).waitVisible();
}

function expectNothingForbiddenOrTwice(session: Session) {
  expect(doubleUploads(session.sim)).toEqual([]);
  expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
}

/** Waits until Omni has finished an upload of the sub-tab (one received before a crash finishes too). */
async function landed(session: Session, subTab: string) {
  for (let waited = 0; !session.sim.uploads().some((upload) => upload.subTab === subTab); waited += 100) {
    if (waited > 10_000) throw new Error(`No upload of ${subTab} reached Omni`);
    await sleep(100);
  }
}

/** The run is uploading Invoices: their references are submitted, Omni's answer not read yet. */
const uploadingInvoices = (run: Run) =>
  step(run, 'sales/invoices')?.stage === 'uploading' &&
  (step(run, 'sales/invoices')?.submitted.length ?? 0) > 0;

describe('a run whose browser, tab or worker goes away', () => {
  const sessions: Session[] = [];
  const profiles: string[] = [];
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    for (const profile of profiles.splice(0)) rmSync(profile, { recursive: true, force: true });
  });

  it('browser killed mid-upload: after a restart nothing is clicked again, the submitted items are listed to check, and a new run can start', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'oss-profile-'));
    profiles.push(profile);
    const first = await startSession(
      { provider: 'xero', navigation: 'inpage', uploadLatencyMs: 4000 },
      {
        userDataDir: profile,
      },
    );
    sessions.push(first);
    await openDashboard(first);
    await startSmartSyncAll(first.page);
    const uploading = await waitForRun(first, uploadingInvoices);
    const submitted = step(uploading, 'sales/invoices')?.submitted ?? [];
    // Let extension storage reach the disk, then crash the browser while Omni still works on the upload.
    await sleep(1000);
    first.browser.process()?.kill('SIGKILL');
    await first.browser.disconnect().catch(() => undefined);

    const second = await startSession({}, { sim: first.sim, userDataDir: profile });
    sessions.push(second);
    first.sim.configure({ uploadLatencyMs: 0 });
    // Omni finishes the upload it had received before the crash; only then is anything new counted.
    await landed(first, 'Invoices');
    const uploadsBefore = first.sim.uploads().length;
    await openDashboard(second);
    // From here on (the page's own loading done), any action would be the extension's.
    const actionsBefore = first.sim.actions().length;
    const headline = await waitForRunEnd(second.page, 20_000, second);
    expect(headline).toMatch(/interrupted/);
    const run = await storedRun(second);
    expect(run?.status).toBe('interrupted');
    expect(
      step(run, 'sales/invoices')
        ?.failed.map((item) => item.reference)
        .sort(),
    ).toEqual([...submitted].sort());
    expect(
      step(run, 'sales/invoices')?.failed.every((item) =>
        /^Submitted — check them in Omni/.test(item.reason),
      ),
    ).toBe(true);
    // The new browser's tab (which may carry the dead owner's tab id) was not handed the run.
    await sleep(1500);
    expect(first.sim.uploads()).toHaveLength(uploadsBefore);
    expect(first.sim.actions()).toHaveLength(actionsBefore);
    // The panel offers a new run, which starts and syncs what is left.
    await pressPanelButton(second.page, 'Start a new run');
    await pressPanelButton(second.page, 'Send');
    await waitForRun(second, (current) => current.status !== 'interrupted');
    expect(await waitForRunEnd(second.page, 80_000, second)).toMatch(/^Smart Sync All finished/);
    expectNothingForbiddenOrTwice(second);
  });

  it('owner tab closed mid-upload: the run ends as interrupted and another tab is not handed it', async () => {
    const session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 2000 });
    sessions.push(session);
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    await waitForRun(session, uploadingInvoices);
    const other = await session.browser.newPage();
    await session.page.close();
    const run = await waitForRun(session, (current) => current.status === 'interrupted', 10_000);
    expect(run.pauseReason).toMatch(/tab running the sync was closed/);
    expect(step(run, 'sales/invoices')?.failed.length).toBeGreaterThan(0);
    session.sim.configure({ uploadLatencyMs: 0 });
    await landed(session, 'Invoices');
    await other.goto(`https://go.cin7.com${simPaths.dashboard}`, { waitUntil: 'load' });
    await new PanelObject(other).waitForText(/interrupted/);
    const actionsBefore = session.sim.actions().length;
    await sleep(1000);
    expect(session.sim.actions()).toHaveLength(actionsBefore);
    expectNothingForbiddenOrTwice(session);
  });

  it('service worker stopped between "submitting" and the click: nothing is pressed, the items are listed as not sent, the run goes on', async () => {
    const session = await startSession({ provider: 'xero', navigation: 'inpage' });
    sessions.push(session);
    await openDashboard(session);
    // The background stores the announcement and then never answers: its worker is stopped meanwhile.
    await (await extensionWorker(session)).evaluate(() => {
      type Area = { set(items: Record<string, unknown>): Promise<void> };
      const area = (globalThis as unknown as { chrome: { storage: { local: Area } } }).chrome.storage.local;
      const set = area.set.bind(area);
      let armed = true;
      area.set = async (items) => {
        await set(items);
        const run = items.activeRun as { steps?: Array<{ id: string; stage: string; submitted: string[] }> };
        const announced = run?.steps?.some(
          (s) => s.id === 'sales/invoices' && s.stage === 'uploading' && s.submitted.length > 0,
        );
        if (armed && announced) {
          armed = false;
          await new Promise(() => undefined);
        }
      };
    });
    await startSmartSyncAll(session.page);
    await waitForRun(session, uploadingInvoices);
    await (await extensionWorker(session)).close();
    await waitForRunEnd(session.page, 80_000, session);
    const invoices = step(await storedRun(session), 'sales/invoices');
    expect(invoices?.status).toBe('failed');
    expect(invoices?.submitted).toEqual([]);
    expect(invoices?.failed.length).toBeGreaterThan(0);
    expect(invoices?.failed.every((item) => /^Not sent/.test(item.reason))).toBe(true);
    expect(session.sim.uploads().filter((upload) => upload.subTab === 'Invoices')).toEqual([]);
    expectNothingForbiddenOrTwice(session);
  });

  it('two windows pressing Start together: one run, nothing sent twice', async () => {
    const session = await startSession({ provider: 'xero', navigation: 'inpage' });
    sessions.push(session);
    await openDashboard(session);
    const second = await session.browser.newPage({ type: 'window' });
    await second.goto(`https://go.cin7.com${simPaths.dashboard}`, { waitUntil: 'load' });
    await new PanelObject(second).waitVisible();
    await Promise.all([startSmartSyncAll(session.page), startSmartSyncAll(second)]);
    await waitForRun(session, (current) => current.status === 'done', 80_000);
    await waitForRunEnd(session.page, 10_000);
    await waitForRunEnd(second, 10_000);
    const history = await (await extensionWorker(session)).evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      };
      return ((await chrome.storage.local.get('runHistory')).runHistory as unknown[]) ?? [];
    });
    expect(history).toHaveLength(1);
    expectNothingForbiddenOrTwice(session);
  });
});

describe('a page script trying to drive the extension', () => {
  let session: Session;
  afterEach(() => session?.close());

  it('cannot reach into the panel, and a click it makes on the panel’s button starts nothing', async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage' });
    await openDashboard(session);
    const reachable = await session.page.evaluate(
      (host) => (document.querySelector(host) as HTMLElement | null)?.shadowRoot ?? null,
      PANEL_HOST,
    );
    expect(reachable).toBeNull();
    const actionsBefore = session.sim.actions().length;
    // Even holding the button (as the developer tools do), a script's click is not a person's.
    // Preview starts a run at once, and Smart Sync All would ask its question: neither answers a script.
    const clicked = await inPanel(session.page, (root) => {
      const buttons = Array.from(root.querySelectorAll('button')).filter((b) =>
        ['Smart Sync All', 'Preview'].includes(b.textContent ?? ''),
      );
      for (const button of buttons) {
        button.click();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      }
      return buttons.length === 2 && root.querySelector('[data-role="question"]') === null;
    });
    expect(clicked).toBe(true);
    await sleep(1500);
    expect(await storedRun(session)).toBeNull();
    expect(session.sim.actions()).toHaveLength(actionsBefore);
  });

  it('cannot redirect the extension’s clicks to a decoy it marked', async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage' });
    // Before any of Omni's scripts: a decoy carrying the click helper's marker, and listeners that copy
    // every mark they see onto it.
    await session.page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __decoyClicks: number };
      w.__decoyClicks = 0;
      const decoy = () => {
        let element = document.getElementById('oss-decoy');
        if (!element) {
          element = document.createElement('button');
          element.id = 'oss-decoy';
          element.textContent = 'Delete everything';
          element.setAttribute('data-omni-smart-sync-click', '');
          element.addEventListener('click', () => {
            w.__decoyClicks += 1;
          });
          (document.body ?? document.documentElement).prepend(element);
        }
        return element;
      };
      document.addEventListener('DOMContentLoaded', decoy);
      const copy = (event: Event) => {
        const mark = (event as CustomEvent<unknown>).detail;
        decoy().setAttribute('data-omni-smart-sync-click', typeof mark === 'string' ? mark : '');
      };
      window.addEventListener('omni-smart-sync:click', copy, true);
      document.addEventListener('omni-smart-sync:click', copy, true);
    });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    expect(await waitForRunEnd(session.page, 80_000, session)).toMatch(/^Smart Sync All finished/);
    expect(
      await session.page.evaluate(() => (window as unknown as { __decoyClicks: number }).__decoyClicks),
    ).toBe(0);
    expect(session.sim.uploads().length).toBeGreaterThan(0);
    expectNothingForbiddenOrTwice(session);
  });
});
