/** Background-side state transitions: pure helpers over the storage items, so they are testable. */
import { withPagesLock } from './lock';
import type { Provider } from './proxy-api';
import { checkProxy, connectUrl, disconnect } from './proxy-client';
import { readSecret, writeSecret } from './secrets';
import type { DashboardLayout, PageSnapshot, Settings, StatusSnapshot } from './snapshots';
import { settingsSchema } from './snapshots';
import {
  activeRunItem,
  layoutItem,
  ledgerChoiceItem,
  omniConnectionItem,
  pagesItem,
  proxyStateItem,
  runHistoryItem,
  settingsItem,
} from './storage';
import { runTotals } from './sync/report';

/** Remember the sub-tabs a tab showed, so the panel can list every sub-tab, not only the open tab's. */
export function mergeLayout(layout: DashboardLayout, page: PageSnapshot): DashboardLayout {
  if (page.kind !== 'dashboard' || !page.activeTab || page.subTabs.length === 0) return layout;
  const tab = page.tabs.find((candidate) => candidate.label === page.activeTab);
  if (!tab) return layout;
  const subTabs = page.subTabs.map((sub) => ({ ...sub, active: false }));
  return { ...layout, [tab.key]: { label: tab.label, subTabs, seenAt: page.readAt } };
}

export function recordPage(tabId: number, page: PageSnapshot): Promise<void> {
  return withPagesLock(() => writePage(tabId, page));
}

async function writePage(tabId: number, page: PageSnapshot): Promise<void> {
  const pages = await pagesItem.getValue();
  await pagesItem.setValue({ ...pages, [tabId]: page });
  if (page.kind === 'dashboard' && page.provider) {
    const layouts = await layoutItem.getValue();
    const merged = mergeLayout(layouts[page.provider] ?? {}, page);
    if (merged !== layouts[page.provider]) await layoutItem.setValue({ ...layouts, [page.provider]: merged });
  }
  if (page.kind === 'connect' && page.ledgerConnected !== null) {
    await omniConnectionItem.setValue({
      provider: page.provider,
      connected: page.ledgerConnected,
      organisation: page.ledgerOrganisation ?? null,
      seenAt: page.readAt,
    });
  }
}

export function forgetTab(tabId: number): Promise<void> {
  return withPagesLock(async () => {
    const { [tabId]: _gone, ...rest } = await pagesItem.getValue();
    await pagesItem.setValue(rest);
  });
}

/** Whether a message comes from the extension's Options page (the only view that may change settings). */
export function fromOptionsPage(sender: { url?: string }): boolean {
  return sender.url?.split(/[?#]/)[0] === browser.runtime.getURL('/options.html');
}

/** Opens the provider's consent page in a new tab; the proxy's callback completes the connection. */
export async function connectLedger(provider: Provider): Promise<void> {
  const url = await connectUrl(await loadSettings(), provider);
  await browser.tabs.create({ url });
}

/** The ledger connection runs check against, for a provider with several organisations connected. */
export async function chooseLedgerConnection(provider: Provider, connectionId: string): Promise<void> {
  await ledgerChoiceItem.setValue({ ...(await ledgerChoiceItem.getValue()), [provider]: connectionId });
}

/** Revokes a connection through the proxy, then checks the proxy again. */
export async function disconnectLedger(connectionId: string): Promise<void> {
  await disconnect(await loadSettings(), connectionId);
  await refreshProxyState();
}

/** The settings with the pairing key, for the background's own calls to the proxy. */
export async function loadSettings(): Promise<Settings> {
  const [{ proxyUrl }, pairingKey] = await Promise.all([settingsItem.getValue(), readSecret('pairingKey')]);
  return { proxyUrl, pairingKey };
}

export async function refreshProxyState(): Promise<void> {
  await proxyStateItem.setValue(await checkProxy(await loadSettings()));
}

/**
 * An empty pairing key keeps the saved one (the options page never reads the key back), unless the
 * address changed: a key is never sent to another address than the one it was entered for.
 */
export async function saveSettings(input: Settings): Promise<void> {
  const next = settingsSchema.parse(input);
  const saved = await loadSettings();
  const kept = next.proxyUrl === saved.proxyUrl ? saved.pairingKey : '';
  const pairingKey = next.pairingKey || kept;
  await writeSecret('pairingKey', pairingKey);
  await settingsItem.setValue({ proxyUrl: next.proxyUrl, pairingKeySet: pairingKey !== '' });
  await refreshProxyState();
}

export async function statusFor(tabId: number | null, shortcut: string | null): Promise<StatusSnapshot> {
  const [pages, layout, omniConnection, proxy, settings, run, history, ledgerChoice] = await Promise.all([
    pagesItem.getValue(),
    layoutItem.getValue(),
    omniConnectionItem.getValue(),
    proxyStateItem.getValue(),
    // Not the key itself: a status is asked for on every change during a run.
    settingsItem.getValue(),
    activeRunItem.getValue(),
    runHistoryItem.getValue(),
    ledgerChoiceItem.getValue(),
  ]);
  return {
    page: tabId === null ? null : (pages[tabId] ?? null),
    layout,
    omniConnection,
    proxy,
    ledgerChoice,
    settings: { proxyUrl: settings.proxyUrl, pairingKeySet: settings.pairingKeySet === true },
    shortcut,
    run,
    history: history.map((past) => {
      const { synced, failed, ledger } = runTotals(past);
      return {
        id: past.id,
        startedAt: past.startedAt,
        endedAt: past.endedAt,
        status: past.status,
        synced,
        failed,
        ledger,
      };
    }),
  };
}
