import '@/components/styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { createQueryClient, useStatus } from '@/components/connector';
import { Options } from '@/components/Options';
import { sendMessage } from '@/lib/protocol';

function OptionsPage() {
  const status = useStatus(null);
  if (!status.data) return <p className="oss-options">{status.error ? String(status.error) : 'Loading…'}</p>;
  return <Options status={status.data} onSave={(settings) => sendMessage('saveSettings', settings)} />;
}

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={createQueryClient()}>
    <OptionsPage />
  </QueryClientProvider>,
);
