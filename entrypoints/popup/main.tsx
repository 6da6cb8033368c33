import '@/components/styles.css';
import '@/components/popup.css';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { createQueryClient, useStatus } from '@/components/connector';
import { Popup } from '@/components/Popup';
import { StatusPending } from '@/components/StatusPending';
import { sendMessage } from '@/lib/protocol';

/** Omni's address (SPEC §1); the dashboard's own path is not public, so a new tab opens Omni itself. */
const OMNI = 'https://go.cin7.com';

/** Brings a tab and its window to the front; false when the tab is gone. */
async function focusTab(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.update(tabId, { active: true }).catch(() => null);
  if (!tab) return false;
  if (tab.windowId !== undefined)
    await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
  return true;
}

/**
 * The tab showing the dashboard (the one read most recently), else Omni in a new tab. Tab addresses are
 * hidden without the "tabs" permission (the content script's match does not lift that), so each tab's
 * page is asked of the background, which knows what every Omni tab shows.
 */
async function openDashboard(): Promise<void> {
  const tabs = await browser.tabs.query({});
  const pages = await Promise.all(
    tabs.map(async (tab) =>
      tab.id === undefined
        ? null
        : { id: tab.id, page: (await sendMessage('getStatus', tab.id).catch(() => null))?.page ?? null },
    ),
  );
  const dashboards = pages
    .filter((found) => found?.page?.kind === 'dashboard')
    .sort((a, b) => (b?.page?.readAt ?? 0) - (a?.page?.readAt ?? 0));
  for (const found of dashboards) if (found && (await focusTab(found.id))) return window.close();
  await browser.tabs.create({ url: `${OMNI}/` });
  window.close();
}

function ActiveTabPopup() {
  // The active tab's id needs no "tabs" permission; its URL would, and is not needed.
  const tab = useQuery({
    queryKey: ['active-tab'],
    queryFn: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? null,
  });
  const status = useStatus(tab.data ?? null);
  if (!status.data) return <StatusPending status={status} className="oss-popup" />;
  const run = status.data.run;
  const copyOutline = async () => {
    if (tab.data === null || tab.data === undefined) return null;
    const outline = await sendMessage('getOutline', undefined, tab.data).catch(() => null);
    if (outline === null) return null;
    const copied = await navigator.clipboard.writeText(outline).then(
      () => true,
      () => false,
    );
    return { outline, copied };
  };
  return (
    <Popup
      status={status.data}
      onRefresh={() => void sendMessage('refreshProxy', undefined)}
      onCopyOutline={copyOutline}
      onStart={async () => {
        if (tab.data === null || tab.data === undefined) return;
        await sendMessage('startFromView', undefined, tab.data);
      }}
      onShowRun={async () => {
        if (!run) return false;
        const shown = await focusTab(run.tabId);
        if (shown) window.close();
        return shown;
      }}
      onOpenDashboard={openDashboard}
      onOpenOptions={() => void browser.runtime.openOptionsPage().then(() => window.close())}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={createQueryClient()}>
    <ActiveTabPopup />
  </QueryClientProvider>,
);
