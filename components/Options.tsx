import { type FormEvent, useEffect, useState } from 'react';
import { PROVIDER_NAMES } from '@/lib/omni/labels';
import { type ConnectionStatus, type Provider, providerSchema } from '@/lib/proxy-api';
import { type StatusSnapshot, settingsSchema } from '@/lib/snapshots';
import type { OptionsConnector } from './connector';
import { describeProxy } from './describe';
import { StatusPending } from './StatusPending';
import { useStatus } from './use-status';

/** How often, and for how long, the page looks for the connection a consent tab is making. */
const CONNECT_POLL_MS = 2000;
const CONNECT_WAIT_MS = 10 * 60_000;

function tokenHealth(connection: ConnectionStatus): string {
  if (connection.state === 'needs_reconnect')
    return `needs reconnect${connection.lastError ? ` (${connection.lastError})` : ''}`;
  return 'valid';
}

/**
 * The ledgers the proxy is connected to: organisation, provider, token health, calls left today; connect,
 * reconnect and disconnect. Shown once the proxy answers with the pairing key.
 */
function LedgerConnections({ status, connector }: { status: StatusSnapshot; connector: OptionsConnector }) {
  const [waiting, setWaiting] = useState<{ provider: Provider; known: string[]; since: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const proxy = status.proxy;
  const connections = proxy.state === 'ok' ? proxy.connections : [];
  // While a consent tab is open, look for the new connection; the page updates by itself when it comes.
  useEffect(() => {
    if (!waiting) return;
    const fresh = connections.find(
      (connection) =>
        connection.provider === waiting.provider &&
        connection.state === 'connected' &&
        (!waiting.known.includes(connection.id) || Date.parse(connection.tokenExpiresAt) > waiting.since),
    );
    if (fresh) {
      setWaiting(null);
      setMessage(`Connected to ${fresh.organisationName} (${PROVIDER_NAMES[fresh.provider]}).`);
      return;
    }
    const timer = setTimeout(() => {
      if (Date.now() - waiting.since > CONNECT_WAIT_MS) {
        setWaiting(null);
        setMessage('No new connection arrived: start again with Connect when you are ready.');
      } else void connector.refreshProxy();
    }, CONNECT_POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, connections, connector]);
  if (proxy.state !== 'ok') return null;
  const configured = proxy.configuredProviders ?? providerSchema.options;
  const connect = async (provider: Provider) => {
    setMessage(null);
    try {
      await connector.connectLedger(provider);
      setWaiting({ provider, known: connections.map((c) => c.id), since: Date.now() });
    } catch (error) {
      setMessage(`Could not start connecting: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const disconnect = async (connection: ConnectionStatus) => {
    const sure = window.confirm(
      `Disconnect ${connection.organisationName} (${PROVIDER_NAMES[connection.provider]})? The proxy revokes its access; ledger checks for it stop until you connect again.`,
    );
    if (!sure) return;
    try {
      await connector.disconnectLedger(connection.id);
      setMessage(`Disconnected ${connection.organisationName}.`);
    } catch (error) {
      setMessage(`Not disconnected: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <section aria-label="Ledger connections" className="oss-connections">
      <h2>Ledger connections</h2>
      {connections.length === 0 && <p className="oss-muted">No ledger is connected to the proxy yet.</p>}
      <ul>
        {connections.map((connection) => (
          <li key={connection.id} data-connection={connection.organisationName}>
            <strong>{connection.organisationName}</strong> ({PROVIDER_NAMES[connection.provider]}) —{' '}
            <span
              data-role="token-health"
              className={connection.state === 'connected' ? 'oss-on' : 'oss-off'}
            >
              {tokenHealth(connection)}
            </span>
            {connection.callsLeftToday !== null && `; ${connection.callsLeftToday} calls left today`}{' '}
            {connections.filter((other) => other.provider === connection.provider).length > 1 && (
              <label className="oss-choice">
                <input
                  type="radio"
                  name={`runs-${connection.provider}`}
                  checked={status.ledgerChoice[connection.provider] === connection.id}
                  onChange={() => void connector.chooseLedger(connection.provider, connection.id)}
                />{' '}
                use for runs (when Omni’s Connect page does not say)
              </label>
            )}{' '}
            {connection.state === 'needs_reconnect' && (
              <button type="button" onClick={() => void connect(connection.provider)}>
                Reconnect
              </button>
            )}{' '}
            <button type="button" onClick={() => void disconnect(connection)}>
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      <p>
        {providerSchema.options.map((provider) => (
          <span key={provider}>
            <button
              type="button"
              disabled={!configured.includes(provider) || waiting !== null}
              onClick={() => void connect(provider)}
            >
              Connect {PROVIDER_NAMES[provider]}
            </button>{' '}
          </span>
        ))}
      </p>
      {configured.length < 2 && (
        <p className="oss-muted">
          {providerSchema.options
            .filter((provider) => !configured.includes(provider))
            .map(
              (provider) => `${PROVIDER_NAMES[provider]} is not set up in the proxy (see backend/README.md).`,
            )
            .join(' ')}
        </p>
      )}
      {waiting && (
        <p role="status" className="oss-muted">
          Finish connecting {PROVIDER_NAMES[waiting.provider]} in the tab that opened; this page updates by
          itself.
        </p>
      )}
      {message && (
        <p role="status" data-role="connection-message">
          {message}
        </p>
      )}
    </section>
  );
}

/** The Options page: the proxy as it is now (checked afresh when the page opens), settings, ledgers. */
export function Options({ connector }: { connector: OptionsConnector }) {
  const { status, error, retry } = useStatus(connector);
  // Its answer lands in storage, and the status follows.
  useEffect(() => void connector.refreshProxy().catch(() => undefined), [connector]);
  if (!status) return <StatusPending error={error} retry={retry} className="oss-options" />;
  return <OptionsView status={status} connector={connector} />;
}

/** Proxy address and pairing key; saving validates, stores through the background and checks the proxy. */
function OptionsView({ status, connector }: { status: StatusSnapshot; connector: OptionsConnector }) {
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
      const saved = await connector.saveSettings(parsed.data);
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
      <LedgerConnections status={status} connector={connector} />
      <p className="oss-muted">
        Start the proxy with <code>npm run proxy</code>; it prints its address and pairing key. Without it the
        extension still syncs; the ledger checks are off.
      </p>
    </main>
  );
}
