import '@/components/styles.css';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { createQueryClient, useStatus } from '@/components/connector';
import { Popup } from '@/components/Popup';
import { StatusPending } from '@/components/StatusPending';
import { sendMessage } from '@/lib/protocol';

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
        const shown = await browser.tabs.update(run.tabId, { active: true }).then(
          () => true,
          () => false,
        );
        if (shown) window.close();
        return shown;
      }}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={createQueryClient()}>
    <ActiveTabPopup />
  </QueryClientProvider>,
);
