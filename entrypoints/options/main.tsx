import '@/components/styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient, useStatus } from '@/components/connector';
import { Options } from '@/components/Options';
import { StatusPending } from '@/components/StatusPending';
import { sendMessage } from '@/lib/protocol';

function OptionsPage() {
  const status = useStatus(null);
  // The page shows the proxy as it is now: checked afresh when the page opens (its answer lands in
  // storage, and the status follows).
  useEffect(() => void sendMessage('refreshProxy', undefined).catch(() => undefined), []);
  if (!status.data) return <StatusPending status={status} className="oss-options" />;
  return (
    <Options
      status={status.data}
      onSave={(settings) => sendMessage('saveSettings', settings)}
      ledger={{
        connect: (provider) => sendMessage('connectLedger', provider),
        choose: (provider, connectionId) => sendMessage('chooseLedgerConnection', { provider, connectionId }),
        disconnect: (id) => sendMessage('disconnectLedger', id),
        refresh: () => sendMessage('refreshProxy', undefined),
      }}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={createQueryClient()}>
    <OptionsPage />
  </QueryClientProvider>,
);
