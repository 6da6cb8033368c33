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

/** An authenticated, rate-limited door to one organisation's API. Counts the calls it makes. */
export interface LedgerSession {
  readonly tenantId: string;
  readonly calls: number;
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
