import { onMessage } from '@/lib/protocol';
import { pageSnapshotSchema } from '@/lib/snapshots';
import { forgetTab, recordPage, refreshProxyState, saveSettings, statusFor } from '@/lib/status';

async function shortcut(): Promise<string | null> {
  const commands = await browser.commands.getAll();
  return commands.find((command) => command.name === 'sync-open-subtab')?.shortcut || null;
}

export default defineBackground(() => {
  onMessage('reportPage', async ({ data, sender }) => {
    if (sender.tab?.id === undefined) return;
    await recordPage(sender.tab.id, pageSnapshotSchema.parse(data));
  });
  onMessage('getStatus', async ({ data }) => statusFor(data, await shortcut()));
  onMessage('getOwnStatus', async ({ sender }) => statusFor(sender.tab?.id ?? null, await shortcut()));
  onMessage('saveSettings', async ({ data }) => {
    await saveSettings(data);
    return statusFor(null, await shortcut());
  });
  onMessage('refreshProxy', async () => {
    await refreshProxyState();
    return statusFor(null, await shortcut());
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.runtime.onStartup.addListener(() => void refreshProxyState());
  browser.runtime.onInstalled.addListener(() => void refreshProxyState());
});
