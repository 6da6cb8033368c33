import { afterEach, describe, expect, it } from 'vitest';
import {
  doubleUploads,
  inPanel,
  PanelObject,
  pressPanelButton,
  type Session,
  setTimeouts,
  simPaths,
  startSession,
  startSmartSyncAll,
  storedRun,
  waitForRun,
  waitForRunEnd,
} from './harness';

async function openDashboard(session: Session) {
  await session.open(simPaths.dashboard);
  await new PanelObject(session.page).waitVisible();
}

const step = (run: Awaited<ReturnType<typeof storedRun>>, id: string) => run?.steps.find((s) => s.id === id);

describe('Smart Sync All when things go wrong', () => {
  let session: Session;
  afterEach(() => session?.close());

  it('carries on after a reload in the middle of an upload, without uploading again', async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 1500 });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    await waitForRun(session, (run) => step(run, 'sales/invoices')?.stage === 'uploading');
    await session.page.reload();
    session.sim.configure({ uploadLatencyMs: 0 });
    expect(await waitForRunEnd(session.page, 80_000, session)).toMatch(/^Smart Sync All finished/);
    expect(doubleUploads(session.sim)).toEqual([]);
    const invoices = step(await storedRun(session), 'sales/invoices');
    // Omni finished the upload it had received; the resumed step read the result instead of re-sending.
    expect(invoices?.synced).toHaveLength(10);
    expect(session.sim.uploads().filter((upload) => upload.subTab === 'Invoices')).toHaveLength(1);
  });

  it('reports an upload answered with a server error, and goes on with the run (in-page)', async () => {
    session = await startSession({
      provider: 'xero',
      navigation: 'inpage',
      faults: { nextUploadFails500: 1 },
    });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    await waitForRunEnd(session.page, 80_000, session);
    const customers = step(await storedRun(session), 'sales/customers');
    expect(customers?.status).toBe('failed');
    expect(customers?.failed[0]?.reason).toMatch(/Server Error/);
    expect(doubleUploads(session.sim)).toEqual([]);
  });

  it('pauses on a server error page, clicks nothing there, and resumes on the dashboard (postback)', async () => {
    session = await startSession({
      provider: 'qbo',
      navigation: 'postback',
      faults: { nextUploadFails500: 1 },
    });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    const paused = await waitForRun(session, (run) => run.status === 'paused');
    expect(paused.pauseReason).toMatch(/error page/);
    expect(step(paused, 'sales/customers')?.status).toBe('failed');
    const actionsWhilePaused = session.sim.actions().length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(session.sim.actions()).toHaveLength(actionsWhilePaused);
    // The user goes back to the dashboard: the run carries on by itself.
    await openDashboard(session);
    expect(await waitForRunEnd(session.page, 80_000, session)).toMatch(/finished/);
    expect(doubleUploads(session.sim)).toEqual([]);
  });

  it('fails a step that Omni takes too long to finish, saying so, and never sends it again', async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 3000 });
    await setTimeouts(session, { openMs: 15_000, readyMs: 15_000, uploadMs: 1000 });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    const timedOut = await waitForRun(session, (run) => step(run, 'sales/customers')?.status === 'failed');
    session.sim.configure({ uploadLatencyMs: 0 });
    expect(step(timedOut, 'sales/customers')?.message).toMatch(/Timed out after 1 s .*not sent again/);
    await waitForRunEnd(session.page, 80_000, session);
    expect(doubleUploads(session.sim)).toEqual([]);
  });

  it('pauses when Omni shows its login page mid-run, and carries on after logging in', async () => {
    session = await startSession({
      provider: 'xero',
      navigation: 'postback',
      faults: { loginAfterRequests: 12 },
    });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    const paused = await waitForRun(session, (run) => run.status === 'paused');
    expect(paused.pauseReason).toMatch(/login page/);
    expect(new URL(session.page.url()).pathname).toBe(simPaths.login);
    const before = session.sim.actions().length;
    await session.page.type('input[type="email"]', 'bookkeeper@example.com');
    await session.page.type('input[type="password"]', 'correct horse');
    await Promise.all([
      session.page.waitForNavigation(),
      session.page.click('button[type="submit"], input[type="submit"]'),
    ]);
    if (new URL(session.page.url()).pathname !== simPaths.dashboard) await openDashboard(session);
    expect(await waitForRunEnd(session.page, 80_000, session)).toMatch(/finished/);
    expect(session.sim.actions().length).toBeGreaterThan(before);
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });

  it('runs once across two dashboard tabs: the second joins the first', async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 300 });
    await openDashboard(session);
    const second = await session.browser.newPage();
    await second.goto(`https://go.cin7.com${simPaths.dashboard}`);
    await new PanelObject(second).waitVisible();
    await session.page.bringToFront();
    await startSmartSyncAll(session.page);
    await waitForRun(session, (run) => run.status === 'running');
    await second.bringToFront();
    await new PanelObject(second).waitForText(/Smart Sync All: step \d+ of \d+/);
    // The second tab cannot start another run while this one goes; its panel follows the run.
    const secondButtonDisabled = await inPanel(
      second,
      (root) =>
        Array.from(root.querySelectorAll('button')).find((button) => button.textContent === 'Smart Sync All')
          ?.disabled,
    );
    expect(secondButtonDisabled).toBe(true);
    await waitForRunEnd(second);
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.uploads().filter((upload) => upload.subTab === 'Invoices')).toHaveLength(1);
  });

  it('stops cleanly on Cancel: the current wait ends, nothing more is clicked', async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 800 });
    await openDashboard(session);
    await startSmartSyncAll(session.page);
    await waitForRun(session, (run) => step(run, 'sales/customers')?.stage === 'uploading');
    await pressPanelButton(session.page, 'Cancel');
    expect(await waitForRunEnd(session.page, 80_000, session)).toMatch(/cancelled after step 1 of \d+/);
    // Steps never reached are not run, not failures.
    expect(await new PanelObject(session.page).text()).not.toMatch(/Cancelled before this step ran/);
    const actions = session.sim.actions().length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(session.sim.actions()).toHaveLength(actions);
    const run = await storedRun(session);
    expect(run?.status).toBe('cancelled');
    expect(session.sim.uploads().map((upload) => upload.subTab)).toEqual(['Customers']);
    expect(run?.steps.filter((s) => s.status === 'skipped').length).toBeGreaterThan(5);
  });
});
