import OAuthClient from 'intuit-oauth';
import type { DocumentKind, LockDateResponse } from '../../lib/proxy-api';
import { QBO_API_URLS, QBO_IDENTITY_ENDPOINTS, QBO_SCOPES, type QboIdentityEndpoints } from '../config';
import { InvalidGrantError } from '../errors';
import type { Clock } from './clock';
import { PROVIDER_LIMITS } from './limiter';
import {
  distinctValues,
  type LedgerContact,
  type LedgerDocument,
  matchContacts,
  packBatches,
} from './matching';
import {
  type AuthorisedOrganisation,
  type LedgerProvider,
  type LedgerSession,
  PROVIDER_CALL_TIMEOUT_MS,
  type TokenSet,
  withDeadline,
} from './provider';

const MINOR_VERSION = 75;
/** QBO returns at most 1,000 rows a page. */
export const QBO_PAGE_SIZE = 1000;
/** Keeps GET query URLs comfortably within what Intuit's gateway accepts. */
const QBO_MAX_URL_LENGTH = 4000;
const MAX_PAGES = 100;

/*
 * intuit-oauth retries token calls itself with 1-4 s sleeps. A retried refresh after a lost response is
 * exactly what we must not do blindly, and the sleeps would hold the request; our own lock and the next
 * request handle it instead.
 */
OAuthClient.retryConfig.maxRetries = 0;

export interface QboProviderOptions {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'production';
  redirectUri: string;
  clock: Clock;
  /** Intuit's OAuth endpoints; settings or tests may point them at a sandbox or a mock. */
  identityEndpoints?: QboIdentityEndpoints;
  apiUrl?: string;
  /** Deadline of each token exchange, refresh and revocation (intuit-oauth has none of its own). */
  httpTimeoutMs?: number;
}

const DOCUMENT_ENTITIES: Record<DocumentKind, { entity: string; referenceField: string }> = {
  'sales-invoice': { entity: 'Invoice', referenceField: 'DocNumber' },
  bill: { entity: 'Bill', referenceField: 'DocNumber' },
  'credit-note': { entity: 'CreditMemo', referenceField: 'DocNumber' },
  'supplier-credit': { entity: 'VendorCredit', referenceField: 'DocNumber' },
  'manual-journal': { entity: 'JournalEntry', referenceField: 'DocNumber' },
  payment: { entity: 'Payment', referenceField: 'PaymentRefNum' },
};

function qboString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function queryPath(statement: string): string {
  return `/query?query=${encodeURIComponent(statement)}&minorversion=${MINOR_VERSION}`;
}

function queryRows(body: unknown, entity: string): Array<Record<string, unknown>> {
  const response = (body as { QueryResponse?: Record<string, unknown> } | null)?.QueryResponse;
  const rows = response?.[entity];
  return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
}

export class QboProvider implements LedgerProvider {
  readonly provider = 'qbo' as const;
  readonly label = 'QuickBooks Online';
  readonly limits = PROVIDER_LIMITS.qbo;
  private readonly apiBase: string;
  private readonly timeoutMs: number;

  /** `options` undefined: no client credentials; the provider answers "not configured". */
  constructor(private readonly options: QboProviderOptions | undefined) {
    this.apiBase = (options?.apiUrl ?? QBO_API_URLS[options?.environment ?? 'sandbox']).replace(/\/$/, '');
    this.timeoutMs = options?.httpTimeoutMs ?? PROVIDER_CALL_TIMEOUT_MS;
  }

  isConfigured(): boolean {
    return this.options !== undefined;
  }

  async authorizeUrl(state: string): Promise<string> {
    return this.sdkClient().authorizeUri({ scope: QBO_SCOPES, state });
  }

  async completeAuthorisation(callbackUrl: string): Promise<AuthorisedOrganisation> {
    const realmId = new URL(callbackUrl).searchParams.get('realmId');
    if (!realmId || !/^\d{1,30}$/.test(realmId)) throw new Error('Intuit sent no company (realmId) back');
    const response = await withDeadline(
      this.sdkClient().createToken(callbackUrl),
      this.timeoutMs,
      'Intuit token exchange',
    );
    const tokens = this.toTokens(response.getJson(), undefined);
    let organisationName = `QuickBooks company ${realmId}`;
    const reply = await fetch(this.apiUrl(realmId, `/companyinfo/${realmId}?minorversion=${MINOR_VERSION}`), {
      headers: this.apiHeaders(realmId, tokens.accessToken),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (reply.ok) {
      const body = (await reply.json()) as { CompanyInfo?: { CompanyName?: string } };
      organisationName = body.CompanyInfo?.CompanyName ?? organisationName;
    }
    return { tenantId: realmId, organisationName, providerConnectionId: null, tokens };
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    try {
      const response = await withDeadline(
        this.sdkClient().refreshUsingToken(tokens.refreshToken),
        this.timeoutMs,
        'Intuit token refresh',
      );
      return this.toTokens(response.getJson(), tokens.refreshToken);
    } catch (error) {
      if ((error as { error?: unknown }).error === 'invalid_grant') throw new InvalidGrantError();
      throw error;
    }
  }

  async revoke(tokens: TokenSet): Promise<void> {
    await withDeadline(
      this.sdkClient().revoke({ refresh_token: tokens.refreshToken }),
      this.timeoutMs,
      'Intuit token revocation',
    );
  }

  apiUrl(realmId: string, pathAndQuery: string): string {
    return `${this.apiBase}/v3/company/${encodeURIComponent(realmId)}${pathAndQuery}`;
  }

  apiHeaders(_realmId: string, accessToken: string): Record<string, string> {
    return { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' };
  }

  callsLeftToday(): number | null {
    // QBO publishes no daily allowance in its responses.
    return null;
  }

  async findContacts(session: LedgerSession, names: string[]) {
    const contacts: LedgerContact[] = [];
    for (const [entity, prefix] of [
      ['Customer', 'customer'],
      ['Vendor', 'supplier'],
    ] as const) {
      for (const row of await this.queryAll(session, `select Id, DisplayName from ${entity}`, entity)) {
        if (typeof row.Id === 'string' && typeof row.DisplayName === 'string') {
          contacts.push({ id: `${prefix}:${row.Id}`, name: row.DisplayName });
        }
      }
    }
    return matchContacts(names, contacts);
  }

  async lockDates(session: LedgerSession): Promise<LockDateResponse> {
    const { body } = await session.get(`/preferences?minorversion=${MINOR_VERSION}`);
    const closeDate = (body as { Preferences?: { AccountingInfoPrefs?: { BookCloseDate?: unknown } } })
      ?.Preferences?.AccountingInfoPrefs?.BookCloseDate;
    return {
      lockDate: typeof closeDate === 'string' && closeDate ? closeDate.slice(0, 10) : null,
      endOfYearLockDate: null,
    };
  }

  async findDocuments(
    session: LedgerSession,
    kind: DocumentKind,
    references: string[],
  ): Promise<LedgerDocument[]> {
    const { entity, referenceField } = DOCUMENT_ENTITIES[kind];
    const statement = (batch: string[]) =>
      `select Id, ${referenceField} from ${entity} where ${referenceField} in (${batch.map(qboString).join(', ')})`;
    const paging = ` STARTPOSITION ${MAX_PAGES * QBO_PAGE_SIZE} MAXRESULTS ${QBO_PAGE_SIZE}`;
    const batches = packBatches(
      distinctValues(references),
      (batch) => this.apiUrl(session.tenantId, queryPath(statement(batch) + paging)).length,
      QBO_MAX_URL_LENGTH,
    );
    session.reserveCalls(batches.length, references.length);
    const rows = await Promise.all(batches.map((batch) => this.queryAll(session, statement(batch), entity)));
    const documents: LedgerDocument[] = [];
    for (const row of rows.flat()) {
      const reference = row[referenceField];
      if (typeof row.Id === 'string' && typeof reference === 'string')
        documents.push({ id: row.Id, reference });
    }
    return documents;
  }

  private async queryAll(session: LedgerSession, statement: string, entity: string) {
    const rows: Array<Record<string, unknown>> = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const paging = ` STARTPOSITION ${page * QBO_PAGE_SIZE + 1} MAXRESULTS ${QBO_PAGE_SIZE}`;
      const { body } = await session.get(queryPath(statement + paging));
      const pageRows = queryRows(body, entity);
      rows.push(...pageRows);
      if (pageRows.length < QBO_PAGE_SIZE) break;
    }
    return rows;
  }

  /** One SDK client per attempt or refresh: intuit-oauth keeps the token set on the instance. */
  private sdkClient(): OAuthClient {
    const options = this.options;
    if (!options) throw new Error('QuickBooks Online client id not configured');
    const client = new OAuthClient({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      environment: options.environment,
      redirectUri: options.redirectUri,
      logging: false,
    });
    // Intuit's SDK keeps endpoints as class-wide settings; set them every time so they are ours.
    client.setAuthorizeURLs({
      ...(options.identityEndpoints ?? QBO_IDENTITY_ENDPOINTS),
      userInfoEndpoint:
        options.environment === 'production'
          ? OAuthClient.userinfo_endpoint_production
          : OAuthClient.userinfo_endpoint_sandbox,
    });
    // Its HTTP client has no timeout; this one closes the socket, withDeadline above frees the caller.
    const load = client.loadResponse.bind(client);
    client.loadResponse = (request: object) => load({ ...request, timeout: this.timeoutMs });
    return client;
  }

  private toTokens(json: unknown, previousRefreshToken: string | undefined): TokenSet {
    const body = (json ?? {}) as { access_token?: string; refresh_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('Intuit returned no access token');
    const refreshToken = body.refresh_token ?? previousRefreshToken;
    if (!refreshToken) throw new Error('Intuit returned no refresh token');
    return {
      accessToken: body.access_token,
      refreshToken,
      expiresAt: this.options!.clock.now() + (body.expires_in ?? 3600) * 1000,
    };
  }
}
