/**
 * The keyboard shortcut, pressed for real: puppeteer's keyboard does not reach chrome.commands, so
 * Chromium runs headful under Xvfb and xdotool presses the keys at the X server.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmniSim } from '../omni-sim/server';
import {
  extensionWorker,
  launchWithExtension,
  OMNI,
  PANEL_HOST,
  PanelObject,
  type Session,
  simPaths,
  storedRun,
  waitForRunEnd,
} from './harness';

function pressKeys(combo: string) {
  const windows = execFileSync('xdotool', ['search', '--onlyvisible', '--class', 'chromium'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .filter(Boolean);
  const target = windows.at(-1);
  if (!target) throw new Error('No Chromium window found on the X display.');
  // Xvfb runs no window manager, so there is no "active window" to switch to: focus it directly.
  execFileSync('xdotool', ['windowfocus', '--sync', target]);
  execFileSync('xdotool', ['key', '--clearmodifiers', combo]);
}

describe('the keyboard shortcut (real key press under Xvfb)', () => {
  let session: Session;
  beforeAll(async () => {
    if (!process.env.DISPLAY)
      throw new Error('No X display: run the browser tests under xvfb-run (npm test does).');
    const sim = await startOmniSim({ settings: { provider: 'xero', navigation: 'inpage' } });
    const launched = await launchWithExtension(sim.port, { headless: false });
    const page = (await launched.browser.pages())[0] ?? (await launched.browser.newPage());
    session = {
      ...launched,
      sim,
      page,
      open: async (path) => void (await page.goto(`${OMNI}${path}`, { waitUntil: 'load' })),
      close: async () => {
        await launched.browser.close().catch(() => undefined);
        await sim.close();
        launched.cleanup();
      },
    };
  });
  afterAll(() => session?.close());

  it('syncs only the sub-tab that is open, through the same engine and panel', async () => {
    await session.open(simPaths.dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    await session.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]'))
        .find((tab) => tab.textContent?.startsWith('Credit Notes'))
        ?.click(),
    );
    await panel.waitForText(/Credit Notes\d/);
    await session.page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
    pressKeys('alt+shift+s');
    const headline = await waitForRunEnd(session.page, 30_000);
    expect(headline).toMatch(/^Sync of Sales → Credit Notes finished/);
    expect(session.sim.uploads().map((upload) => upload.subTab)).toEqual(['Credit Notes']);
    const run = await storedRun(session);
    expect(run?.steps.map((step) => step.subTab)).toEqual(['Credit Notes']);
  });

  it('outside the dashboard it says so and does nothing', async () => {
    await session.open(simPaths.otherPage);
    await session.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const uploadsBefore = session.sim.uploads().length;
    const runBefore = await storedRun(session);
    pressKeys('alt+shift+s');
    const notifications = await (await extensionWorker(session)).evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { notifications: { getAll(): Promise<object> } };
      };
      for (let i = 0; i < 50; i += 1) {
        const all = await chrome.notifications.getAll();
        if (Object.keys(all).length > 0) return Object.keys(all).length;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return 0;
    });
    expect(notifications).toBe(1);
    expect(session.sim.uploads()).toHaveLength(uploadsBefore);
    expect((await storedRun(session))?.steps).toEqual(runBefore?.steps);
    expect(await session.page.evaluate((host) => document.querySelector(host) === null, PANEL_HOST)).toBe(
      true,
    );
  });
});
