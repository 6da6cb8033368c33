import { PanelObject, pressPanelButton, simPaths, startSession, storedRun } from './harness';

for (let attempt = 0; attempt < 6; attempt++) {
  const s = await startSession({ provider: 'xero', navigation: 'postback' });
  await s.open(simPaths.dashboard);
  await new PanelObject(s.page).waitVisible();
  await pressPanelButton(s.page, 'Smart Sync All');
  const t0 = Date.now();
  let last = '';
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const run = await storedRun(s).catch(() => null);
    const a = run?.steps.find((x) => x.status === 'active');
    const line = `${run?.status} ${a?.id} ${a?.stage} ${run?.steps.filter((x) => x.status !== 'pending').length}`;
    if (run?.status === 'done') {
      console.log(attempt, 'done in', (Date.now() - t0) / 1000);
      break;
    }
    if (line !== last) {
      last = line;
      since = Date.now();
    }
    if (Date.now() - since > 15_000) {
      console.log(attempt, 'STUCK', line, s.page.url());
      console.log(JSON.stringify(s.sim.actions().slice(-4)));
      console.log(
        await s.page
          .evaluate(
            () =>
              document.querySelector('omni-smart-sync-panel')?.shadowRoot?.textContent?.slice(0, 400) ??
              'no panel',
          )
          .catch(String),
      );
      break;
    }
  }
  await s.close();
}
