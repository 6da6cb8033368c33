import { randomUUID } from 'node:crypto';
import type { ConnectionStatus, Provider } from '../../lib/proxy-api';
import { InvalidGrantError, needsReconnect, noConnection, ProxyError, providerUnavailable } from '../errors';
import type { Clock } from './clock';
import type { LimiterRegistry } from './limiter';
import {
  type AuthorisedOrganisation,
  type LedgerProvider,
  type LedgerResponse,
  type LedgerSession,
  parseRetryAfterMs,
  type TokenSet,
} from './provider';
import type { Redactor } from './redact';
import type { TokenCipher } from './secrets';
import type { ConnectionRecord, ProxyStore } from './store';

/** Refresh this long before the access token expires, so a request never starts with a dying token. */
export const REFRESH_MARGIN_MS = 2 * 60_000;
/** 429s honoured per call before giving up; each waits for the provider's Retry-After. */
export const MAX_RATE_LIMIT_RETRIES = 3;
/** A Retry-After longer than this (Xero's daily limit says hours) is reported instead of waited out. */
const LONGEST_RETRY_WAIT_MS = 5 * 60_000;
const API_TIMEOUT_MS = 30_000;

export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

export interface ConnectionServiceDeps {
  store: ProxyStore;
  cipher: TokenCipher;
  providers: Record<Provider, LedgerProvider>;
  limiters: LimiterRegistry;
  clock: Clock;
  redactor: Redactor;
  log: Logger;
}

/** Owns the connections: sealing tokens, refreshing them under a per-connection lock, and API sessions. */
export class ConnectionService {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ConnectionServiceDeps) {
    for (const record of deps.store.listConnections()) {
      try {
        this.rememberSecrets(this.openTokens(record));
      } catch {
        // Unreadable with this key: reported when the connection is used.
      }
    }
  }

  status(): ConnectionStatus[] {
    return this.deps.store.listConnections().map((record) => ({
      id: record.id,
      provider: record.provider,
      organisationName: record.organisationName,
      tenantId: record.tenantId,
      tokenExpiresAt: new Date(record.tokenExpiresAt).toISOString(),
      callsLeftToday: record.callsLeftToday,
      state: record.state,
      lastError: record.lastError,
    }));
  }

  saveAuthorisation(provider: Provider, organisation: AuthorisedOrganisation): ConnectionRecord {
    const id = randomUUID();
    const now = this.deps.clock.now();
    this.rememberSecrets(organisation.tokens);
    const record: ConnectionRecord = {
      id,
      provider,
      tenantId: organisation.tenantId,
      organisationName: organisation.organisationName,
      providerConnectionId: organisation.providerConnectionId,
      sealedTokens: this.sealTokens(id, provider, organisation.tokens),
      tokenExpiresAt: organisation.tokens.expiresAt,
      state: 'connected',
      lastError: null,
      callsLeftToday: null,
      createdAt: now,
      updatedAt: now,
    };
    this.deps.store.replaceConnection(record);
    return record;
  }

  /**
   * A usable access token. Refreshes when it is within REFRESH_MARGIN_MS of expiry, or when the API
   * rejected `rejectedToken` and no other request has refreshed since. Concurrent callers queue on the
   * connection's lock, so one refresh serves them all and the rotated refresh token is used once.
   */
  accessToken(connectionId: string, rejectedToken?: string): Promise<string> {
    return this.withLock(connectionId, async () => {
      const { store, clock, redactor } = this.deps;
      const record = store.getConnection(connectionId);
      if (!record) throw new ProxyError(404, 'not_found', 'That connection no longer exists.');
      const provider = this.deps.providers[record.provider];
      if (record.state === 'needs_reconnect') throw needsReconnect(provider.label);
      let tokens: TokenSet;
      try {
        tokens = this.openTokens(record);
      } catch {
        this.markNeedsReconnect(
          record,
          'Stored tokens cannot be decrypted with the current key; connect again.',
        );
        throw needsReconnect(provider.label);
      }
      const stillFresh = tokens.expiresAt - clock.now() > REFRESH_MARGIN_MS;
      if (stillFresh && tokens.accessToken !== rejectedToken) return tokens.accessToken;

      let next: TokenSet;
      try {
        next = await provider.refresh(tokens);
      } catch (error) {
        if (error instanceof InvalidGrantError) {
          this.markNeedsReconnect(
            record,
            `${provider.label} refused the refresh token (invalid_grant); connect again.`,
          );
          throw needsReconnect(provider.label);
        }
        // Transient (network, lost response, 5xx): keep the old refresh token; the next request retries.
        const detail = redactor.describe(error);
        this.deps.log.warn({ connectionId, provider: record.provider, detail }, 'token refresh failed');
        store.updateHealth(connectionId, { lastError: `Token refresh failed: ${detail}` }, clock.now());
        throw providerUnavailable(provider.label, 'token refresh failed; try again shortly');
      }
      this.rememberSecrets(next);
      store.saveTokens(
        connectionId,
        this.sealTokens(connectionId, record.provider, next),
        next.expiresAt,
        clock.now(),
      );
      this.deps.log.info({ connectionId, provider: record.provider }, 'token refreshed');
      return next.accessToken;
    });
  }

  /** A session on the provider's connection; 409 when there is none or it needs reconnecting. */
  openSession(providerName: Provider): LedgerSession {
    const provider = this.deps.providers[providerName];
    const record = this.deps.store.findConnection(providerName);
    if (!record) throw noConnection(provider.label);
    if (record.state === 'needs_reconnect') throw needsReconnect(provider.label);
    return new ConnectionSession(this, this.deps, provider, record);
  }

  async disconnect(connectionId: string): Promise<{ revoked: boolean }> {
    const record = this.deps.store.getConnection(connectionId);
    if (!record) throw new ProxyError(404, 'not_found', 'No connection with that id.');
    return this.withLock(connectionId, async () => {
      const provider = this.deps.providers[record.provider];
      let revoked = false;
      if (provider.isConfigured()) {
        try {
          await provider.revoke(this.openTokens(record), record.providerConnectionId);
          revoked = true;
        } catch (error) {
          this.deps.log.warn(
            { connectionId, detail: this.deps.redactor.describe(error) },
            'revoke failed; deleting anyway',
          );
        }
      }
      this.deps.store.deleteConnection(connectionId);
      return { revoked };
    });
  }

  markNeedsReconnect(record: ConnectionRecord, message: string): void {
    this.deps.store.updateHealth(
      record.id,
      { state: 'needs_reconnect', lastError: message },
      this.deps.clock.now(),
    );
  }

  private sealTokens(id: string, provider: Provider, tokens: TokenSet): string {
    return this.deps.cipher.encrypt(JSON.stringify(tokens), `${provider}:${id}`);
  }

  private openTokens(record: ConnectionRecord): TokenSet {
    return JSON.parse(
      this.deps.cipher.decrypt(record.sealedTokens, `${record.provider}:${record.id}`),
    ) as TokenSet;
  }

  private rememberSecrets(tokens: TokenSet): void {
    this.deps.redactor.remember(tokens.accessToken);
    this.deps.redactor.remember(tokens.refreshToken);
  }

  private async withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}

class ConnectionSession implements LedgerSession {
  calls = 0;
  readonly tenantId: string;

  constructor(
    private readonly connections: ConnectionService,
    private readonly deps: ConnectionServiceDeps,
    private readonly provider: LedgerProvider,
    private readonly record: ConnectionRecord,
  ) {
    this.tenantId = record.tenantId;
  }

  async get(pathAndQuery: string): Promise<LedgerResponse> {
    const { clock, store } = this.deps;
    const limiter = this.deps.limiters.forOrganisation(this.provider.provider, this.record.tenantId);
    const url = this.provider.apiUrl(this.record.tenantId, pathAndQuery);
    let rateLimitedTimes = 0;
    let rejectedToken: string | undefined;
    for (;;) {
      const token = await this.connections.accessToken(this.record.id, rejectedToken);
      const response = await limiter.run(async () => {
        this.calls++;
        try {
          const reply = await fetch(url, {
            headers: this.provider.apiHeaders(this.record.tenantId, token),
            signal: AbortSignal.timeout(API_TIMEOUT_MS),
          });
          return { status: reply.status, headers: reply.headers, text: await reply.text() };
        } catch (error) {
          throw providerUnavailable(this.provider.label, this.deps.redactor.describe(error));
        }
      });
      const callsLeft = this.provider.callsLeftToday(response.headers);
      if (callsLeft !== null) store.updateHealth(this.record.id, { callsLeftToday: callsLeft }, clock.now());

      if (response.status === 429) {
        const waitMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.now()) ?? 60_000;
        if (rateLimitedTimes >= MAX_RATE_LIMIT_RETRIES || waitMs > LONGEST_RETRY_WAIT_MS) {
          const problem = response.headers.get('x-rate-limit-problem');
          const message = `rate limit reached${problem ? ` (${problem})` : ''}; try again in ${Math.ceil(waitMs / 1000)} s`;
          store.updateHealth(this.record.id, { lastError: `${this.provider.label} ${message}` }, clock.now());
          throw new ProxyError(429, 'too_many_requests', `${this.provider.label} ${message}.`);
        }
        rateLimitedTimes++;
        limiter.pause(clock.now() + waitMs);
        continue;
      }
      if (response.status === 401 && rejectedToken === undefined) {
        rejectedToken = token;
        continue;
      }
      if (response.status === 401) {
        this.connections.markNeedsReconnect(
          this.record,
          `${this.provider.label} no longer accepts the access token.`,
        );
        throw needsReconnect(this.provider.label);
      }
      if (response.status < 200 || response.status > 299) {
        const detail = `HTTP ${response.status} for ${pathAndQuery.split('?')[0]}`;
        store.updateHealth(
          this.record.id,
          { lastError: `${this.provider.label} answered ${detail}` },
          clock.now(),
        );
        throw providerUnavailable(this.provider.label, detail);
      }
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        throw providerUnavailable(this.provider.label, `unreadable JSON from ${pathAndQuery.split('?')[0]}`);
      }
      return { body, headers: response.headers };
    }
  }
}
