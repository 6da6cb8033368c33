import type { ContactMatch, DocumentKind, LockDateResponse, Provider } from '../../lib/proxy-api';
import type { LimitPolicy } from './limiter';

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface AuthorisedOrganisation {
  tenantId: string;
  organisationName: string;
  providerConnectionId: string | null;
  tokens: TokenSet;
}

export interface LedgerResponse {
  body: unknown;
  headers: Headers;
}

/**
 * An authenticated, rate-limited door to one organisation's API for one request. Counts the calls it
 * makes; the first failing call, the client going away or the request's deadline cancels the rest.
 */
export interface LedgerSession {
  readonly tenantId: string;
  readonly calls: number;
  /**
   * Announces that at least `calls` more calls are needed for `items` values; answers 400 at once,
   * before any call, when that is over the request's call budget.
   */
  reserveCalls(calls: number, items: number): void;
  /** `pathAndQuery` is appended to the provider's fixed API base; callers never choose the host. */
  get(pathAndQuery: string): Promise<LedgerResponse>;
}

/** What the proxy needs from a ledger. Xero and QBO implement it; tests point them at the fake ledgers. */
export interface LedgerProvider {
  readonly provider: Provider;
  readonly label: string;
  readonly limits: LimitPolicy;
  isConfigured(): boolean;
  /** The identity provider's consent URL for one attempt, carrying that attempt's `state`. */
  authorizeUrl(state: string): Promise<string>;
  /** Exchanges the code on the callback URL (whose `state` the caller has already checked). */
  completeAuthorisation(callbackUrl: string, state: string): Promise<AuthorisedOrganisation>;
  /** Throws InvalidGrantError when the refresh token is no longer accepted. */
  refresh(tokens: TokenSet): Promise<TokenSet>;
  revoke(tokens: TokenSet, providerConnectionId: string | null): Promise<void>;
  /** Absolute URL for a path of this provider's API; the only way sessions build URLs. */
  apiUrl(tenantId: string, pathAndQuery: string): string;
  apiHeaders(tenantId: string, accessToken: string): Record<string, string>;
  callsLeftToday(headers: Headers): number | null;

  findContacts(
    session: LedgerSession,
    names: string[],
  ): Promise<Array<{ name: string; matches: ContactMatch[] }>>;
  lockDates(session: LedgerSession): Promise<LockDateResponse>;
  findDocuments(
    session: LedgerSession,
    kind: DocumentKind,
    references: string[],
  ): Promise<Array<{ id: string; reference: string }>>;
}

export function parseRetryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Deadline of every identity-provider call (token exchange, refresh, revocation, discovery). */
export const PROVIDER_CALL_TIMEOUT_MS = 15_000;

export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${Math.round(ms / 1000)} s`);
    this.name = 'DeadlineError';
  }
}

/**
 * Settles like `task`, or rejects with DeadlineError after `ms`. For SDK calls that take no timeout or
 * signal: the caller (and the connection's refresh lock) is freed even when the socket stays silent.
 */
export async function withDeadline<T>(task: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  try {
    return await Promise.race([task, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
