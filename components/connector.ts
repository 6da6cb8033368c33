/**
 * The views' only door to the rest of the extension (Dark Reader's connector): the background's status
 * snapshot, asked again after every change of extension storage, and every command a view sends. Each
 * view gets the part it uses; tests hand the views a fake (fake-connector.ts).
 */
import { sendMessage } from '@/lib/protocol';
import type { Provider } from '@/lib/proxy-api';
import type { PageSnapshot, Settings, StatusSnapshot } from '@/lib/snapshots';
import type { PanelPrefs } from '@/lib/storage';
import type { StartResult } from '@/lib/sync/controller';
import type { RunScope } from '@/lib/sync/schemas';

export type StatusUpdate = { status: StatusSnapshot } | { error: unknown };

/** Whether a run started, and if not, why ("A run is already in progress in another tab"). */
export type StartAnswer = Pick<StartResult, 'started' | 'message'>;

export interface Connector {
  /** Calls `listener` with the status now and after every change, until the returned function is called. */
  watchStatus(listener: (update: StatusUpdate) => void): () => void;
  /** Asks for the status again now (Retry; the panel's page was just recorded). */
  refreshStatus(): void;

  /** Smart Sync All on the view's tab, planned from what its dashboard shows now. */
  start(): Promise<StartAnswer>;
  /** Reads every list Smart Sync All would send (tab clicks only) and counts what would go. */
  preview(): Promise<StartAnswer>;
  /** Stops the run before its next click. */
  cancel(): Promise<void>;
  /** Carries on with a paused run in this tab. */
  resume(): Promise<void>;
  /** Uploads, in this run, the contacts a ledger check held back because the ledger has them already. */
  uploadExisting(): Promise<void>;
  /** Saves a run's report as a CSV file. */
  exportRun(runId: string): Promise<void>;
  /**
   * The page outline of the view's tab (structure and labels, no row values), copied to the clipboard
   * when allowed; null when that tab has no Omni page to outline.
   */
  copyOutline(): Promise<{ outline: string; copied: boolean } | null>;
  /** Opens a sub-tab of the dashboard (tab clicks only); ignored while a run is active. */
  showInOmni(tab: string, subTab: string): void;
  /** The panel was collapsed, expanded or resized by the user. */
  setPanelPrefs(prefs: PanelPrefs): void;

  /** Checks the proxy (and its ledger connections) again now. */
  refreshProxy(): Promise<StatusSnapshot>;
  /** Validates and saves the proxy settings, then checks the proxy. */
  saveSettings(settings: Settings): Promise<StatusSnapshot>;
  /** Opens the provider's consent page in a new tab, for a new (or renewed) ledger connection. */
  connectLedger(provider: Provider): Promise<void>;
  /** The connection runs check against, among several of a provider. */
  chooseLedger(provider: Provider, connectionId: string): Promise<void>;
  /** Revokes a ledger connection through the proxy. */
  disconnectLedger(connectionId: string): Promise<StatusSnapshot>;

  /** Brings a tab showing the dashboard to the front, or opens Omni in a new tab. */
  openDashboard(): Promise<void>;
  /** Brings a tab and its window to the front; false when the tab is gone. */
  showTab(tabId: number): Promise<boolean>;
  openOptions(): void;
  /** The Options page's address, for links to it. */
  optionsUrl: string;
}

type StatusDoor = 'watchStatus' | 'refreshStatus';
export type PanelConnector = Pick<
  Connector,
  | StatusDoor
  | 'start'
  | 'preview'
  | 'cancel'
  | 'resume'
  | 'uploadExisting'
  | 'exportRun'
  | 'copyOutline'
  | 'showInOmni'
  | 'setPanelPrefs'
>;
export type PopupConnector = Pick<
  Connector,
  | StatusDoor
  | 'start'
  | 'refreshProxy'
  | 'copyOutline'
  | 'openDashboard'
  | 'showTab'
  | 'openOptions'
  | 'optionsUrl'
>;
export type OptionsConnector = Pick<
  Connector,
  StatusDoor | 'refreshProxy' | 'saveSettings' | 'connectLedger' | 'chooseLedger' | 'disconnectLedger'
>;

/**
 * What only the panel's content script can do, on its own page: read the dashboard a run is planned
 * from, drive the run there, outline the page, click its tabs, and place the panel.
 */
export interface PageSide {
  /** A run is about to start here: the dashboard as it shows now (any Show in Omni still under way stops). */
  prepareRun(): PageSnapshot;
  /** The background's answer to Start (with the owner's token), or a resumed run: driven from this page. */
  drive(answer?: StartResult): void;
  outline(): string;
  showInOmni(tab: string, subTab: string): void;
  setPanelPrefs(prefs: PanelPrefs): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The status, asked of the background when a view starts watching and after extension storage changes.
 * Changes come in bursts during a run: one request per burst, not one per change.
 */
export function statusFeed(request: () => Promise<StatusSnapshot>): Pick<Connector, StatusDoor> {
  const listeners = new Set<(update: StatusUpdate) => void>();
  let latest: StatusUpdate | null = null;
  let asking = false;
  let again = false;
  // A background that is waking up may miss the first request: asked once more before it counts.
  const ask = () => request().catch(() => sleep(1000).then(request));
  const refreshStatus = () => {
    again = true;
    if (asking || listeners.size === 0) return;
    asking = true;
    void (async () => {
      while (again && listeners.size > 0) {
        await sleep(50);
        // What changed while waiting is in the answer to the request sent now.
        again = false;
        latest = await ask().then(
          (status) => ({ status }),
          (error: unknown) => ({ error }),
        );
        for (const listener of listeners) listener(latest);
      }
      asking = false;
    })();
  };
  const onChanged = () => refreshStatus();
  return {
    refreshStatus,
    watchStatus(listener) {
      listeners.add(listener);
      if (listeners.size === 1) browser.storage.onChanged.addListener(onChanged);
      // An answer on its way reaches this listener too; a live feed's last answer is current.
      if (!asking) {
        if (listeners.size > 1 && latest && 'status' in latest) listener(latest);
        else refreshStatus();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) browser.storage.onChanged.removeListener(onChanged);
      };
    },
  };
}

async function copied(outline: string | null): Promise<{ outline: string; copied: boolean } | null> {
  if (outline === null) return null;
  const copied = await navigator.clipboard.writeText(outline).then(
    () => true,
    () => false,
  );
  return { outline, copied };
}

async function exportRun(runId: string): Promise<void> {
  const file = await sendMessage('exportRun', runId);
  if (!file) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv' }));
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const refreshProxy = () => sendMessage('refreshProxy', undefined);

/** The panel's connector, in the content script of the tab it is drawn in. */
export function panelConnector(page: PageSide): PanelConnector {
  const startHere = async (scope: RunScope): Promise<StartAnswer> => {
    const answer = await sendMessage('startRun', { scope, page: page.prepareRun() });
    page.drive(answer);
    return { started: answer.started, message: answer.message };
  };
  return {
    ...statusFeed(() => sendMessage('getOwnStatus', undefined)),
    start: () => startHere({ type: 'all' }),
    preview: () => startHere({ type: 'preview' }),
    cancel: () => sendMessage('cancelRun', undefined),
    resume: async () => {
      await sendMessage('resumeRun', undefined);
      page.drive();
    },
    uploadExisting: () => sendMessage('uploadExistingContacts', undefined),
    exportRun,
    copyOutline: () => copied(page.outline()),
    showInOmni: page.showInOmni,
    setPanelPrefs: page.setPanelPrefs,
  };
}

/** Omni's address (SPEC §1); the dashboard's own path is not public, so a new tab opens Omni itself. */
const OMNI = 'https://go.cin7.com';

async function showTab(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.update(tabId, { active: true }).catch(() => null);
  if (!tab) return false;
  if (tab.windowId !== undefined)
    await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
  return true;
}

/**
 * The popup's connector: it speaks for the active tab of its window (whose id needs no "tabs"
 * permission; its address would), reached through that tab's content script.
 */
export function popupConnector(): PopupConnector {
  let activeTab: Promise<number | null> | null = null;
  const tab = () =>
    (activeTab ??= browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([found]) => found?.id ?? null));
  return {
    ...statusFeed(async () => sendMessage('getStatus', await tab())),
    start: async () => {
      const tabId = await tab();
      if (tabId === null) return { started: false, message: 'This window has no tab to sync.' };
      return sendMessage('startFromView', undefined, tabId);
    },
    refreshProxy,
    copyOutline: async () => {
      const tabId = await tab();
      if (tabId === null) return null;
      return copied(await sendMessage('getOutline', undefined, tabId).catch(() => null));
    },
    /**
     * The tab showing the dashboard (the one read most recently), else Omni in a new tab. Tab addresses
     * are hidden without the "tabs" permission, so each tab's page is asked of the background.
     */
    openDashboard: async () => {
      const tabs = await browser.tabs.query({});
      const pages = await Promise.all(
        tabs.map(async ({ id }) =>
          id === undefined
            ? null
            : { id, page: (await sendMessage('getStatus', id).catch(() => null))?.page ?? null },
        ),
      );
      const dashboards = pages
        .filter((found) => found?.page?.kind === 'dashboard')
        .sort((a, b) => (b?.page?.readAt ?? 0) - (a?.page?.readAt ?? 0));
      for (const found of dashboards) if (found && (await showTab(found.id))) return window.close();
      await browser.tabs.create({ url: `${OMNI}/` });
      window.close();
    },
    showTab: async (tabId) => {
      const shown = await showTab(tabId);
      if (shown) window.close();
      return shown;
    },
    openOptions: () => void browser.runtime.openOptionsPage().then(() => window.close()),
    optionsUrl: browser.runtime.getURL('/options.html'),
  };
}

/** The Options page's connector: settings and ledger connections, which only this page may change. */
export function optionsConnector(): OptionsConnector {
  return {
    ...statusFeed(() => sendMessage('getStatus', null)),
    refreshProxy,
    saveSettings: (settings) => sendMessage('saveSettings', settings),
    connectLedger: (provider) => sendMessage('connectLedger', provider),
    chooseLedger: (provider, connectionId) =>
      sendMessage('chooseLedgerConnection', { provider, connectionId }),
    disconnectLedger: (connectionId) => sendMessage('disconnectLedger', connectionId),
  };
}
