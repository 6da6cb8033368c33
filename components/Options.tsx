import { type FormEvent, useState } from 'react';
import type { Settings, StatusSnapshot } from '@/lib/snapshots';
import { settingsSchema } from '@/lib/snapshots';
import { describeProxy } from './describe';

/** Proxy address and pairing key; saving validates, stores through the background and checks the proxy. */
export function Options({
  status,
  onSave,
}: {
  status: StatusSnapshot;
  onSave: (settings: Settings) => Promise<StatusSnapshot>;
}) {
  const [proxyUrl, setProxyUrl] = useState(status.settings.proxyUrl);
  const [pairingKey, setPairingKey] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = settingsSchema.safeParse({ proxyUrl, pairingKey });
    if (!parsed.success) {
      setMessage(parsed.error.issues.map((issue) => issue.message).join(' '));
      return;
    }
    try {
      const saved = await onSave(parsed.data);
      setMessage(`Saved. ${describeProxy(saved.proxy).text}`);
    } catch (error) {
      setMessage(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <main className="oss-options">
      <h1>Omni Smart Sync — Options</h1>
      <form onSubmit={submit}>
        <label>
          Proxy address
          <input name="proxyUrl" value={proxyUrl} onChange={(event) => setProxyUrl(event.target.value)} />
        </label>
        <label>
          Pairing key{' '}
          {status.settings.pairingKeySet &&
            (proxyUrl.trim().replace(/\/$/, '') === status.settings.proxyUrl ? (
              <span className="oss-muted">(saved; enter to replace)</span>
            ) : (
              <span className="oss-warning">(a new address forgets the saved key: enter the key for it)</span>
            ))}
          <input
            name="pairingKey"
            type="password"
            autoComplete="off"
            value={pairingKey}
            onChange={(event) => setPairingKey(event.target.value)}
          />
        </label>
        <button type="submit">Save</button>
      </form>
      {message && <p role="status">{message}</p>}
      <p className="oss-muted">
        Start the proxy with <code>npm run proxy</code>; it prints its address and pairing key. Without it the
        extension still syncs; the ledger checks are off.
      </p>
    </main>
  );
}
