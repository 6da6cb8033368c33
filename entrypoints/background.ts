import { badgeFor, runEndNotice } from '@/lib/badge';
import { onMessage, sendMessage } from '@/lib/protocol';
import { providerSchema } from '@/lib/proxy-api';
import { pageSnapshotSchema, settingsSchema } from '@/lib/snapshots';
import {
  chooseLedgerConnection,
  connectLedger,
  disconnectLedger,
  forgetTab,
  fromOptionsPage,
  recordPage,
  refreshProxyState,
  saveSettings,
  statusFor,
} from '@/lib/status';
import { activeRunItem, browserSessionItem, pagesItem, runHistoryItem } from '@/lib/storage';
import {
  applyRunEvent,
  cancelActiveRun,
  claimReturn,
  interruptOrphanedRun,
  nextWork,
  ownerTabClosed,
  resumeActiveRun,
  startOrJoin,
} from '@/lib/sync/controller';
import { screenRows, uploadExistingContacts, verifyRun } from '@/lib/sync/ledger';
import { runToCsv } from '@/lib/sync/report';
import { isActiveRun, type RunState } from '@/lib/sync/run';
import { runEventsSchema, runScopeSchema, screenRequestSchema } from '@/lib/sync/schemas';

/** Keyboard commands, routed to the same actions the panel uses. */
type Command = 'sync-open-subtab';

async function shortcut(): Promise<string | null> {
  const commands = await browser.commands.getAll();
  return commands.find((command) => command.name === 'sync-open-subtab')?.shortcut || null;
}

function tabOf(sender: { tab?: { id?: number } }): number {
  if (sender.tab?.id === undefined) throw new Error('This message must come from a tab.');
  return sender.tab.id;
}

/** Settings and ledger connections change from the Options page only (never from a content script). */
function optionsPageOnly(sender: { url?: string }): void {
  if (!fromOptionsPage(sender)) throw new Error('Only the extension’s Options page may change this.');
}

/** `id`: for a notification a click acts on (`run:<id>` shows that run's report). */
async function notify(message: string, id = '') {
  await browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: 'Omni Smart Sync',
    message,
  });
}

/** The toolbar button: `action` in MV3, `browserAction` in an MV2 build (Firefox's default). */
const toolbar = () => browser.action ?? browser.browserAction;

/** The run, if it is of this browser session: tab ids restart with the browser (see RunState.session). */
async function runOfThisSession(run: RunState | null): Promise<RunState | null> {
  if (!run || run.session === undefined) return run;
  return run.session === (await browserSessionItem.getValue()) ? run : null;
}

/** What each tab's badge shows now: only a change is sent to the browser. */
const shownBadges = new Map<number, string>();
let badgesQueued = false;

/**
 * The badges follow the run's events at most four times a second: each event of a run is a storage
 * change, and the background answers the run's next click in between.
 */
function queueBadges(): void {
  if (badgesQueued) return;
  badgesQueued = true;
  setTimeout(() => {
    badgesQueued = false;
    void showBadges();
  }, 250);
}

/** Every Omni tab's badge (lib/badge.ts), after a page reading or a change of the run. */
async function showBadges(): Promise<void> {
  const [pages, stored] = await Promise.all([pagesItem.getValue(), activeRunItem.getValue()]);
  const run = await runOfThisSession(stored);
  const tabIds = new Set([...Object.keys(pages).map(Number), ...(run ? [run.tabId] : [])]);
  for (const tabId of tabIds) {
    const { text, color, title } = badgeFor(tabId, pages, run);
    const shown = JSON.stringify([text, color, title]);
    if (shownBadges.get(tabId) === shown) continue;
    shownBadges.set(tabId, shown);
    // A tab closed meanwhile refuses these: nothing to show there any more.
    await Promise.all([
      toolbar().setBadgeText({ tabId, text }),
      toolbar().setBadgeBackgroundColor({ tabId, color }),
      toolbar().setTitle({ tabId, title }),
    ]).catch(() => undefined);
  }
}

/** At a run's end, when its tab is not in front: its headline; a click brings the report (runReport). */
async function notifyRunEnd(run: RunState): Promise<void> {
  const message = runEndNotice(run);
  if (!message) return;
  const focused = await browser.windows.getLastFocused().catch(() => null);
  const [front] =
    focused?.id === undefined ? [] : await browser.tabs.query({ active: true, windowId: focused.id });
  if (focused?.focused && front?.id === run.tabId) return;
  await notify(message, `run:${run.id}`);
}

/** The run's tab and window to the front, where the panel shows its report. */
async function runReport(notificationId: string): Promise<void> {
  if (!notificationId.startsWith('run:')) return;
  await browser.notifications.clear(notificationId);
  const run = await runOfThisSession(await activeRunItem.getValue());
  if (run?.id !== notificationId.slice('run:'.length)) return;
  const tab = await browser.tabs.update(run.tabId, { active: true }).catch(() => null);
  if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
}

async function onCommand(command: Command) {
  if (command !== 'sync-open-subtab') return;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const page = tab?.id === undefined ? null : ((await pagesItem.getValue())[tab.id] ?? null);
  if (tab?.id === undefined || !page || page.kind !== 'dashboard' || !page.activeTab || !page.activeSubTab) {
    await notify('Open a sub-tab of the Cin7 Omni Accounting Dashboard (V2), then press the shortcut again.');
    return;
  }
  const result = await startOrJoin(
    tab.id,
    { type: 'subTab', tab: page.activeTab, subTab: page.activeSubTab },
    page,
  );
  if (!result.started) await notify(result.message);
  else void refreshProxyState();
  await sendMessage('kick', undefined, tab.id).catch(() => undefined);
}

export default defineBackground(() => {
  onMessage('reportPage', async ({ data, sender }) => {
    await recordPage(tabOf(sender), pageSnapshotSchema.parse(data));
  });
  onMessage('getStatus', async ({ data }) => statusFor(data, await shortcut()));
  onMessage('getOwnStatus', async ({ sender }) => statusFor(sender.tab?.id ?? null, await shortcut()));
  onMessage('saveSettings', async ({ data, sender }) => {
    optionsPageOnly(sender);
    await saveSettings(settingsSchema.parse(data));
    return statusFor(null, await shortcut());
  });
  onMessage('connectLedger', async ({ data, sender }) => {
    optionsPageOnly(sender);
    await connectLedger(providerSchema.parse(data));
  });
  onMessage('chooseLedgerConnection', async ({ data, sender }) => {
    optionsPageOnly(sender);
    await chooseLedgerConnection(providerSchema.parse(data.provider), String(data.connectionId));
  });
  onMessage('disconnectLedger', async ({ data, sender }) => {
    optionsPageOnly(sender);
    await disconnectLedger(String(data));
    return statusFor(null, await shortcut());
  });
  onMessage('refreshProxy', async () => {
    await refreshProxyState();
    return statusFor(null, await shortcut());
  });
  onMessage('startRun', async ({ data, sender }) => {
    const tabId = tabOf(sender);
    // The page comes with the request: the click may beat the page's own report to the background.
    const page = pageSnapshotSchema.parse(data.page);
    await recordPage(tabId, page);
    const result = await startOrJoin(tabId, runScopeSchema.parse(data.scope), page);
    // The panel says, while the run goes, whether the ledger checks are on: the proxy is asked afresh,
    // without the run waiting for it.
    if (result.started) void refreshProxyState();
    return result;
  });
  onMessage('cancelRun', async () => void (await cancelActiveRun()));
  onMessage('resumeRun', async ({ sender }) => void (await resumeActiveRun(tabOf(sender))));
  onMessage('nextWork', async ({ data, sender }) =>
    nextWork(
      tabOf(sender),
      data?.onDashboard === true,
      Date.now(),
      typeof data?.token === 'string' ? data.token : null,
    ),
  );
  onMessage('screenRows', async ({ data, sender }) =>
    screenRows(tabOf(sender), screenRequestSchema.parse(data)),
  );
  onMessage('claimReturn', async ({ data, sender }) =>
    claimReturn(tabOf(sender), typeof data === 'string' ? data : null),
  );
  onMessage('uploadExistingContacts', async () => void (await uploadExistingContacts()));
  onMessage('runEvent', async ({ data, sender }) =>
    applyRunEvent(tabOf(sender), runEventsSchema.parse(data)),
  );
  onMessage('exportRun', async ({ data }) => {
    const run = [await activeRunItem.getValue(), ...(await runHistoryItem.getValue())].find(
      (r) => r?.id === data,
    );
    if (!run) return null;
    const stamp = new Date(run.startedAt).toISOString().replace(/[:.]/g, '-');
    return { filename: `omni-smart-sync-${stamp}.csv`, csv: runToCsv(run) };
  });
  // And again when a run ends (the report says whether the proxy was there for it); then what the run
  // synced is looked up in the ledger.
  activeRunItem.watch((run, before) => {
    if (before && isActiveRun(before) && run && !isActiveRun(run) && run.scope.type !== 'preview')
      void refreshProxyState().then(() => verifyRun(run));
    if (before && isActiveRun(before) && run?.id === before.id && !isActiveRun(run)) void notifyRunEnd(run);
    queueBadges();
  });
  // A page load may reset its tab's badge in the browser: after a page reading every badge is sent again.
  pagesItem.watch(() => {
    shownBadges.clear();
    queueBadges();
  });
  browser.notifications.onClicked.addListener((id) => void runReport(id));
  browser.commands.onCommand.addListener((command) => {
    if (command === 'sync-open-subtab') void onCommand(command);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void forgetTab(tabId);
    void ownerTabClosed(tabId);
  });
  browser.runtime.onStartup.addListener(() => {
    void interruptOrphanedRun();
    void refreshProxyState();
  });
  browser.runtime.onInstalled.addListener(() => void refreshProxyState());
});
