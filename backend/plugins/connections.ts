import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { ConnectionStatus, Provider } from '../../lib/proxy-api';
import {
  InvalidGrantError,
  isStorageFailure,
  needsReconnect,
  noConnection,
  ProxyError,
  providerUnavailable,
  storageUnavailable,
} from '../errors';
import type { Clock } from './clock';
import { type LimiterRegistry, LimitWaitTooLong, type OrganisationLimiter } from './limiter';
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
import type { ConnectionRecord, ProxyStore, Viewer } from './store';

/** Refresh this long before the access token expires, so a request never starts with a dying token. */
export const REFRESH_MARGIN_MS = 2 * 60_000;
/** 429s honoured per call before giving up; each waits for the provider's Retry-After. */
export const MAX_RATE_LIMIT_RETRIES = 3;
/** A Retry-After longer than this (Xero's daily limit says hours) is reported instead of waited out. */
export const LONGEST_RETRY_WAIT_MS = 5 * 60_000;
const API_TIMEOUT_MS = 30_000;
/**
 * Provider calls one extension request may make. Xero: 250 is about four minutes of its 60/min and 5% of
 * its 5,000/day, and verifies about 10,000 invoices or 5,000 of the kinds looked up by `where`.
 */
export const CALLS_PER_REQUEST: Record<Provider, number> = { xero: 250, qbo: 1000 };
/**
 * How long one instance may hold a connection's refresh: the refresh's own 15 s deadline and the save,
 * with room to spare. An instance killed mid-refresh blocks the others no longer than this.
 */
export const REFRESH_LEASE_MS = 30_000;
/** How often an instance waiting for another's refresh looks again. */
const REFRESH_LEASE_POLL_MS = 100;
/** Attempts to save a rotated token set before the request answers "storage unavailable". */
const SAVE_ATTEMPTS = 3;
const SAVE_RETRY_DELAY_MS = 200;

export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface ConnectionServiceDeps {
  store: ProxyStore;
  cipher: TokenCipher;
  providers: Record<Provider, LedgerProvider>;
  limiters: LimiterRegistry;
  clock: Clock;
  redactor: Redactor;
  log: Logger;
  /** This process's name in refresh leases and call slots; unique per instance. */
  instance?: string;
}

/** Owns the connections: sealing tokens, refreshing them under a per-connection lock, and API sessions. */
export class ConnectionService {
  private readonly locks = new Map<string, Promise<unknown>>();
  /**
   * Token sets the provider rotated that could not be saved yet (disk full, I/O error). They are newer
   * than the database's, and with strict rotation the only ones still valid, so they are used from here
   * and saved again on every later request until a save succeeds.
   */
  private readonly unsavedTokens = new Map<string, TokenSet>();
  readonly instance: string;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.instance = deps.instance ?? `proxy-${randomUUID()}`;
  }

  /** Teaches the redactor every stored token, so none reaches a log even before it is used. */
  async rememberStoredSecrets(): Promise<void> {
    for (const record of await this.deps.store.listConnections()) {
      try {
        this.openTokens(record);
      } catch {
        // Unreadable with this key: reported when the connection is used.
      }
    }
  }

  async status(viewer: Viewer): Promise<ConnectionStatus[]> {
    return (await this.deps.store.listConnections(viewer)).map((record) => ({
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

  async saveAuthorisation(
    provider: Provider,
    organisation: AuthorisedOrganisation,
    viewer: Viewer,
  ): Promise<ConnectionRecord> {
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
    await this.deps.store.replaceConnection(record, viewer);
    return record;
  }

  /**
   * A usable access token. Refreshes when it is within REFRESH_MARGIN_MS of expiry, or when the API
   * rejected `rejectedToken` and no other request has refreshed since. Concurrent callers queue on the
   * connection's lock, and instances on the connection's refresh lease in the store, so one refresh
   * serves them all and the rotated refresh token is used once.
   */
  accessToken(connectionId: string, rejectedToken?: string): Promise<string> {
    return this.withLock(connectionId, async () => {
      const { store, clock } = this.deps;
      for (;;) {
        const current = await this.usableTokens(connectionId, rejectedToken);
        if (typeof current === 'string') return current;
        if (await store.takeRefreshLease(connectionId, this.instance, clock.now(), REFRESH_LEASE_MS)) {
          try {
            // Read again under the lease: the instance that held it before may have just saved a new set.
            const fresh = await this.usableTokens(connectionId, rejectedToken);
            if (typeof fresh === 'string') return fresh;
            return await this.refresh(fresh.record, fresh.tokens);
          } finally {
            await store.releaseRefreshLease(connectionId, this.instance).catch(() => undefined);
          }
        }
        // Another instance is refreshing: its new set will be in the store when it lets go.
        await clock.sleep(REFRESH_LEASE_POLL_MS);
      }
    });
  }

  /** The stored access token when it can be used as it is, else the record and tokens to refresh. */
  private async usableTokens(
    connectionId: string,
    rejectedToken: string | undefined,
  ): Promise<string | { record: ConnectionRecord; tokens: TokenSet }> {
    const record = await this.deps.store.getConnection(connectionId);
    if (!record) throw new ProxyError(404, 'not_found', 'That connection no longer exists.');
    const provider = this.deps.providers[record.provider];
    if (record.state === 'needs_reconnect') throw needsReconnect(provider.label);
    let tokens: TokenSet;
    try {
      tokens = this.openTokens(record);
    } catch {
      await this.markNeedsReconnect(
        record,
        'Stored tokens cannot be decrypted with the current key; connect again.',
      );
      throw needsReconnect(provider.label);
    }
    if (this.unsavedTokens.has(connectionId)) await this.saveRotatedTokens(record, tokens);
    const stillFresh = tokens.expiresAt - this.deps.clock.now() > REFRESH_MARGIN_MS;
    if (stillFresh && tokens.accessToken !== rejectedToken) return tokens.accessToken;
    return { record, tokens };
  }

  /** Refreshes under the caller's lease; the rotated set is saved before anyone uses it. */
  private async refresh(record: ConnectionRecord, tokens: TokenSet): Promise<string> {
    const { store, clock, redactor } = this.deps;
    const connectionId = record.id;
    const provider = this.deps.providers[record.provider];
    {
      let next: TokenSet;
      try {
        next = await provider.refresh(tokens);
      } catch (error) {
        if (error instanceof InvalidGrantError) {
          await this.markNeedsReconnect(
            record,
            `${provider.label} refused the refresh token (invalid_grant); connect again.`,
          );
          throw needsReconnect(provider.label);
        }
        // Transient (network, lost response, 5xx, deadline): keep the old refresh token; the next request retries.
        const detail = redactor.describe(error);
        this.deps.log.warn({ connectionId, provider: record.provider, detail }, 'token refresh failed');
        await store.updateHealth(connectionId, { lastError: `Token refresh failed: ${detail}` }, clock.now());
        throw providerUnavailable(provider.label, 'token refresh failed; try again shortly');
      }
      this.rememberSecrets(next);
      // Held in memory first: once the provider has rotated, the old refresh token may be dead.
      this.unsavedTokens.set(connectionId, next);
      await this.saveRotatedTokens(record, next);
      this.deps.log.info({ connectionId, provider: record.provider }, 'token refreshed');
      return next.accessToken;
    }
  }

  /** Saves a rotated token set, retrying a few times; while it cannot, it stays in memory and the request gets 503. */
  private async saveRotatedTokens(record: ConnectionRecord, tokens: TokenSet): Promise<void> {
    const { store, clock } = this.deps;
    let lastError: unknown;
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      try {
        await store.saveTokens(
          record.id,
          this.sealTokens(record.id, record.provider, tokens),
          tokens.expiresAt,
          clock.now(),
        );
        this.unsavedTokens.delete(record.id);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < SAVE_ATTEMPTS) await clock.sleep(SAVE_RETRY_DELAY_MS);
      }
    }
    const detail = this.deps.redactor.describe(lastError);
    this.deps.log.error(
      { connectionId: record.id, provider: record.provider, detail },
      'cannot save the rotated tokens; keeping them in memory',
    );
    throw storageUnavailable(isStorageFailure(lastError) ? detail : 'the token save failed');
  }

  /**
   * A session on the provider's connection for one request; 409 when there is none or it needs
   * reconnecting. `signal` is the request's: it aborts when the client goes away or the deadline passes.
   * `connectionId` picks one of several organisations connected for the provider (404 if the key does
   * not see it); without it, the first the key sees.
   */
  async openSession(
    providerName: Provider,
    viewer: Viewer,
    signal?: AbortSignal,
    connectionId?: string,
  ): Promise<LedgerSession> {
    const provider = this.deps.providers[providerName];
    const record = connectionId
      ? await this.deps.store.getConnection(connectionId, viewer)
      : await this.deps.store.findConnection(providerName, viewer);
    if (connectionId && record?.provider !== providerName)
      throw new ProxyError(404, 'not_found', `No ${provider.label} connection with that id.`);
    if (!record) throw noConnection(provider.label);
    if (record.state === 'needs_reconnect') throw needsReconnect(provider.label);
    return new ConnectionSession(this, this.deps, provider, record, CALLS_PER_REQUEST[providerName], signal);
  }

  async disconnect(connectionId: string, viewer: Viewer): Promise<{ revoked: boolean }> {
    const record = await this.deps.store.getConnection(connectionId, viewer);
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
      await this.deps.store.deleteConnection(connectionId);
      this.unsavedTokens.delete(connectionId);
      return { revoked };
    });
  }

  async markNeedsReconnect(record: ConnectionRecord, message: string): Promise<void> {
    await this.deps.store.updateHealth(
      record.id,
      { state: 'needs_reconnect', lastError: message },
      this.deps.clock.now(),
    );
  }

  private sealTokens(id: string, provider: Provider, tokens: TokenSet): string {
    return this.deps.cipher.encrypt(JSON.stringify(tokens), `${provider}:${id}`);
  }

  private openTokens(record: ConnectionRecord): TokenSet {
    const unsaved = this.unsavedTokens.get(record.id);
    if (unsaved) return unsaved;
    const tokens = JSON.parse(
      this.deps.cipher.decrypt(record.sealedTokens, `${record.provider}:${record.id}`),
    ) as TokenSet;
    // Another instance may have refreshed: its tokens are new to this one's redactor.
    this.rememberSecrets(tokens);
    return tokens;
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
  /** One per request: the first failure, the client leaving or the deadline aborts every call still to come. */
  private readonly controller = new AbortController();

  constructor(
    private readonly connections: ConnectionService,
    private readonly deps: ConnectionServiceDeps,
    private readonly provider: LedgerProvider,
    private readonly record: ConnectionRecord,
    private readonly callBudget: number,
    requestSignal: AbortSignal | undefined,
  ) {
    this.tenantId = record.tenantId;
    // Every queued call of the request listens on it: hundreds are expected, not a leak.
    setMaxListeners(0, this.controller.signal);
    if (requestSignal?.aborted) this.controller.abort(requestSignal.reason);
    requestSignal?.addEventListener('abort', () => this.controller.abort(requestSignal.reason), {
      once: true,
    });
  }

  reserveCalls(calls: number, items: number): void {
    if (this.calls + calls <= this.callBudget) return;
    const fits = Math.max(1, Math.floor((items * (this.callBudget - this.calls)) / calls));
    throw new ProxyError(
      400,
      'bad_request',
      `This needs at least ${calls} ${this.provider.label} calls, more than the ${this.callBudget} one request may make. Send at most about ${fits} at a time.`,
    );
  }

  async get(pathAndQuery: string): Promise<LedgerResponse> {
    try {
      return await this.call(pathAndQuery);
    } catch (error) {
      this.controller.abort(error);
      throw error;
    }
  }

  private async call(pathAndQuery: string): Promise<LedgerResponse> {
    const { clock, store } = this.deps;
    const signal = this.controller.signal;
    const limiter = this.deps.limiters.forOrganisation(this.provider.provider, this.record.tenantId);
    const url = this.provider.apiUrl(this.record.tenantId, pathAndQuery);
    let rateLimitedTimes = 0;
    let rejectedToken: string | undefined;
    for (;;) {
      signal.throwIfAborted();
      if (this.calls >= this.callBudget) {
        throw new ProxyError(
          400,
          'bad_request',
          `This needed more than the ${this.callBudget} ${this.provider.label} calls one request may make; send fewer at a time.`,
        );
      }
      const pausedMs = await limiter.pausedForMs();
      if (pausedMs > LONGEST_RETRY_WAIT_MS)
        throw await this.rateLimited('daily call limit reached', pausedMs);
      let token = '';
      const response = await this.limited(limiter, async () => {
        // Taken once the call has its slot: a call may wait minutes for one, and its token must not expire meanwhile.
        token = await this.connections.accessToken(this.record.id, rejectedToken);
        this.calls++;
        try {
          const reply = await fetch(url, {
            headers: this.provider.apiHeaders(this.record.tenantId, token),
            signal: AbortSignal.any([signal, AbortSignal.timeout(API_TIMEOUT_MS)]),
          });
          return { status: reply.status, headers: reply.headers, text: await reply.text() };
        } catch (error) {
          signal.throwIfAborted();
          throw providerUnavailable(this.provider.label, this.deps.redactor.describe(error));
        }
      });
      const callsLeft = this.provider.callsLeftToday(response.headers);
      if (callsLeft !== null)
        await store.updateHealth(this.record.id, { callsLeftToday: callsLeft }, clock.now());

      if (response.status === 429) {
        const waitMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.now()) ?? 60_000;
        const problem = response.headers.get('x-rate-limit-problem');
        // Every request of the organisation waits, or, for a wait of hours, fails at once without calling.
        await limiter.pause(clock.now() + waitMs);
        if (problem === 'day' || waitMs > LONGEST_RETRY_WAIT_MS) {
          throw await this.rateLimited(
            problem === 'day' ? 'daily call limit reached' : 'rate limit reached',
            waitMs,
          );
        }
        if (rateLimitedTimes >= MAX_RATE_LIMIT_RETRIES) {
          throw await this.rateLimited(`rate limit reached${problem ? ` (${problem})` : ''}`, waitMs);
        }
        rateLimitedTimes++;
        continue;
      }
      if (response.status === 401 && rejectedToken === undefined) {
        rejectedToken = token;
        // Refreshed now, not once the retry has a slot again: calls admitted meanwhile (a minute, when
        // the window is full) would each spend their slot on the dead token.
        await this.connections.accessToken(this.record.id, rejectedToken);
        continue;
      }
      if (response.status === 401) {
        await this.connections.markNeedsReconnect(
          this.record,
          `${this.provider.label} no longer accepts the access token.`,
        );
        throw needsReconnect(this.provider.label);
      }
      if (response.status < 200 || response.status > 299) {
        const detail = `HTTP ${response.status} for ${pathAndQuery.split('?')[0]}`;
        await store.updateHealth(
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

  /** Runs one call through the organisation's limiter; a wait of hours (the daily limit) is answered 429. */
  private async limited<T>(limiter: OrganisationLimiter, call: () => Promise<T>): Promise<T> {
    try {
      return await limiter.run(call, this.controller.signal);
    } catch (error) {
      if (!(error instanceof LimitWaitTooLong)) throw error;
      throw await this.rateLimited(
        error.reason === 'day' ? 'daily call limit reached' : 'rate limit reached',
        error.waitMs,
      );
    }
  }

  private async rateLimited(reason: string, waitMs: number): Promise<ProxyError> {
    const wait = waitMs >= 3600_000 ? `${Math.ceil(waitMs / 3600_000)} h` : `${Math.ceil(waitMs / 1000)} s`;
    const message = `${this.provider.label} ${reason}; try again in ${wait}`;
    await this.deps.store
      .updateHealth(this.record.id, { lastError: message }, this.deps.clock.now())
      .catch(() => undefined);
    return new ProxyError(429, 'too_many_requests', `${message}.`);
  }
}
