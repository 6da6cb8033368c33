import { createRequire } from 'node:module';
import type { BaseClient, Issuer as OpenIdIssuer } from 'openid-client';
import { XeroClient } from 'xero-node';
import type { DocumentKind, LockDateResponse } from '../../lib/proxy-api';
import { XERO_API_URL, XERO_IDENTITY_URL } from '../config';
import { InvalidGrantError, providerUnavailable } from '../errors';
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

/*
 * xero-node discovers its OpenID issuer from a hard-coded https://identity.xero.com. We discover from a
 * configurable issuer (the same URL in production, the fake identity server in tests) using the very
 * openid-client instance xero-node depends on, and hand xero-node the resulting client.
 */
const requireFromXeroNode = createRequire(createRequire(import.meta.url).resolve('xero-node'));
const openIdClientModule = requireFromXeroNode('openid-client') as typeof import('openid-client');

/** Xero rejects longer request lines; SPEC §4 says keep list lookups under about 2,000 characters. */
export const XERO_MAX_URL_LENGTH = 2000;
/** What we ask for; Xero may serve fewer (its description says "up to 100" for several lists). */
export const XERO_PAGE_SIZE = 1000;
/** Bounds every paging loop; the request's call budget usually ends a runaway list first. */
const MAX_PAGES = 1000;

export interface XeroProviderOptions {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  redirectUri: string;
  clock: Clock;
  identityUrl?: string;
  apiUrl?: string;
  httpTimeoutMs?: number;
}

interface XeroConnection {
  id: string;
  tenantId: string;
  tenantName: string | null;
  tenantType: string;
  authEventId?: string;
  updatedDateUtc?: string;
}

type DocumentLookup = {
  path: string;
  /** Xero's document type(s) that count for this kind; others sharing the endpoint are ignored. */
  types?: string[];
  idField: string;
  referenceField: string;
  /** Query parameter taking a comma-separated list, when the endpoint has one (faster than `where`). */
  listParameter?: string;
  /** Fixed query parameters; summaryOnly leaves out line items, which we never read. */
  fixedQuery?: string;
};

const DOCUMENT_LOOKUPS: Record<DocumentKind, DocumentLookup> = {
  'sales-invoice': {
    path: '/Invoices',
    types: ['ACCREC'],
    idField: 'InvoiceID',
    referenceField: 'InvoiceNumber',
    listParameter: 'InvoiceNumbers',
    fixedQuery: 'summaryOnly=true',
  },
  bill: {
    path: '/Invoices',
    types: ['ACCPAY'],
    idField: 'InvoiceID',
    referenceField: 'InvoiceNumber',
    listParameter: 'InvoiceNumbers',
    fixedQuery: 'summaryOnly=true',
  },
  'credit-note': {
    path: '/CreditNotes',
    types: ['ACCRECCREDIT'],
    idField: 'CreditNoteID',
    referenceField: 'CreditNoteNumber',
  },
  'supplier-credit': {
    path: '/CreditNotes',
    types: ['ACCPAYCREDIT'],
    idField: 'CreditNoteID',
    referenceField: 'CreditNoteNumber',
  },
  'manual-journal': { path: '/ManualJournals', idField: 'ManualJournalID', referenceField: 'Narration' },
  payment: { path: '/Payments', idField: 'PaymentID', referenceField: 'Reference' },
};

/** Deleted and voided documents are not "in the ledger" for a bookkeeper checking a sync. */
const IGNORED_STATUSES = new Set(['DELETED', 'VOIDED']);

const RESPONSE_COLLECTIONS: Record<string, string> = {
  '/Invoices': 'Invoices',
  '/CreditNotes': 'CreditNotes',
  '/ManualJournals': 'ManualJournals',
  '/Payments': 'Payments',
  '/Contacts': 'Contacts',
};

function whereString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Xero dates come as "/Date(1518685950940+0000)/" or ISO; the extension wants YYYY-MM-DD. */
export function xeroDateToIso(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const msDate = /\/Date\((-?\d+)([+-]\d{4})?\)\//.exec(value);
  const date = msDate?.[1] ? new Date(Number(msDate[1])) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

function collection(body: unknown, key: string): Array<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null) return [];
  const items = (body as Record<string, unknown>)[key];
  return Array.isArray(items) ? (items as Array<Record<string, unknown>>) : [];
}

/** `pagination.pageCount` of a list response, when Xero sent one. */
function paginationPageCount(body: unknown): number | undefined {
  const pagination = (body as { pagination?: { pageCount?: unknown } } | null)?.pagination;
  const pageCount = pagination?.pageCount;
  return typeof pageCount === 'number' && Number.isInteger(pageCount) && pageCount >= 0
    ? pageCount
    : undefined;
}

function jwtClaim(token: string, claim: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const value = payload[claim];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export class XeroProvider implements LedgerProvider {
  readonly provider = 'xero' as const;
  readonly label = 'Xero';
  readonly limits = PROVIDER_LIMITS.xero;
  private issuer: Promise<OpenIdIssuer<BaseClient>> | undefined;
  private readonly identityUrl: string;
  private readonly apiBase: string;
  private readonly timeoutMs: number;

  /** `options` undefined: no client credentials; the provider answers "not configured". */
  constructor(private readonly options: XeroProviderOptions | undefined) {
    this.identityUrl = options?.identityUrl ?? XERO_IDENTITY_URL;
    this.apiBase = (options?.apiUrl ?? XERO_API_URL).replace(/\/$/, '');
    this.timeoutMs = options?.httpTimeoutMs ?? PROVIDER_CALL_TIMEOUT_MS;
  }

  isConfigured(): boolean {
    return this.options !== undefined;
  }

  async authorizeUrl(state: string): Promise<string> {
    const client = await this.sdkClient(state);
    return client.buildConsentUrl();
  }

  async completeAuthorisation(callbackUrl: string, state: string): Promise<AuthorisedOrganisation> {
    const client = await this.sdkClient(state);
    const tokenSet = await withDeadline(
      client.apiCallback(callbackUrl),
      this.timeoutMs,
      'Xero token exchange',
    );
    const tokens = this.toTokens(tokenSet, undefined);
    const reply = await fetch(`${this.apiBase}/connections`, {
      headers: { Authorization: `Bearer ${tokens.accessToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!reply.ok) throw new Error(`Xero /connections answered HTTP ${reply.status}`);
    const connections = ((await reply.json()) as XeroConnection[]).filter(
      (c) => c.tenantType === 'ORGANISATION',
    );
    // The tenant just authorised carries this consent's event id; otherwise take the most recent.
    const authEventId = jwtClaim(tokens.accessToken, 'authentication_event_id');
    const chosen =
      connections.find((c) => authEventId !== undefined && c.authEventId === authEventId) ??
      [...connections].sort(
        (a, b) => Date.parse(b.updatedDateUtc ?? '') - Date.parse(a.updatedDateUtc ?? ''),
      )[0];
    if (!chosen)
      throw new Error('Xero authorised no organisation; choose an organisation on the consent screen');
    return {
      tenantId: chosen.tenantId,
      organisationName: chosen.tenantName ?? 'Xero organisation',
      providerConnectionId: chosen.id,
      tokens,
    };
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    const client = await this.sdkClient(undefined);
    client.setTokenSet({
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      expires_at: Math.floor(tokens.expiresAt / 1000),
      token_type: 'Bearer',
    });
    try {
      return this.toTokens(
        await withDeadline(client.refreshToken(), this.timeoutMs, 'Xero token refresh'),
        tokens.refreshToken,
      );
    } catch (error) {
      if ((error as { error?: unknown }).error === 'invalid_grant') throw new InvalidGrantError();
      throw error;
    }
  }

  async revoke(tokens: TokenSet): Promise<void> {
    const client = await this.sdkClient(undefined);
    client.setTokenSet({
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      token_type: 'Bearer',
    });
    // Revoking the refresh token ends the grant and removes the app's connections to its tenants.
    await withDeadline(client.revokeToken(), this.timeoutMs, 'Xero token revocation');
  }

  apiUrl(_tenantId: string, pathAndQuery: string): string {
    return `${this.apiBase}/api.xro/2.0${pathAndQuery}`;
  }

  apiHeaders(tenantId: string, accessToken: string): Record<string, string> {
    return { Authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId, Accept: 'application/json' };
  }

  callsLeftToday(headers: Headers): number | null {
    const remaining = Number(headers.get('x-daylimit-remaining') ?? Number.NaN);
    return Number.isInteger(remaining) ? remaining : null;
  }

  async findContacts(session: LedgerSession, names: string[]) {
    // Case- and space-insensitive matching cannot be expressed in Xero's `where`, so read the
    // whole contact list (summaryOnly keeps it small) and match here.
    const contacts: LedgerContact[] = [];
    for (const item of await this.readAllPages(session, '/Contacts', 'summaryOnly=true')) {
      if (typeof item.ContactID === 'string' && typeof item.Name === 'string') {
        contacts.push({ id: item.ContactID, name: item.Name });
      }
    }
    return matchContacts(names, contacts);
  }

  async lockDates(session: LedgerSession): Promise<LockDateResponse> {
    const { body } = await session.get('/Organisation');
    const organisation = collection(body, 'Organisations')[0] ?? {};
    return {
      lockDate: xeroDateToIso(organisation.PeriodLockDate),
      endOfYearLockDate: xeroDateToIso(organisation.EndOfYearLockDate),
    };
  }

  async findDocuments(
    session: LedgerSession,
    kind: DocumentKind,
    references: string[],
  ): Promise<LedgerDocument[]> {
    const lookup = DOCUMENT_LOOKUPS[kind];
    const values = distinctValues(references);
    // A comma would split a list parameter's value, so such references go through `where`.
    const listValues = lookup.listParameter ? values.filter((value) => !value.includes(',')) : [];
    const whereValues = lookup.listParameter ? values.filter((value) => value.includes(',')) : values;
    const withFixed = (filter: string) => (lookup.fixedQuery ? `${filter}&${lookup.fixedQuery}` : filter);
    const queries = [
      ...this.batchQueries(
        listValues,
        (batch) => withFixed(`${lookup.listParameter}=${encodeURIComponent(batch.join(','))}`),
        lookup,
      ),
      ...this.batchQueries(
        whereValues,
        (batch) =>
          withFixed(
            `where=${encodeURIComponent(batch.map((value) => `${lookup.referenceField}==${whereString(value)}`).join(' OR '))}`,
          ),
        lookup,
      ),
    ];
    session.reserveCalls(queries.length, values.length);
    // Batches go out together; the organisation's limiter decides how many run at once.
    const pages = await Promise.all(queries.map((query) => this.readAllPages(session, lookup.path, query)));
    const documents: LedgerDocument[] = [];
    for (const item of pages.flat()) {
      if (lookup.types && !lookup.types.includes(String(item.Type))) continue;
      if (IGNORED_STATUSES.has(String(item.Status))) continue;
      const id = item[lookup.idField];
      const reference = item[lookup.referenceField];
      if (typeof id === 'string' && typeof reference === 'string') documents.push({ id, reference });
    }
    return documents;
  }

  /** Filter strings for `values`, each making a request URL of at most XERO_MAX_URL_LENGTH characters. */
  private batchQueries(
    values: string[],
    filter: (batch: string[]) => string,
    lookup: DocumentLookup,
  ): string[] {
    const longestPaging = `&pageSize=${XERO_PAGE_SIZE}&page=${MAX_PAGES}`;
    const urlLength = (batch: string[]) =>
      this.apiUrl('', `${lookup.path}?${filter(batch)}${longestPaging}`).length;
    return packBatches(values, urlLength, XERO_MAX_URL_LENGTH).map(filter);
  }

  /**
   * Every page of a list: as many as the response's `pagination` says, or, when it has none, until an
   * empty page. A short page proves nothing: Xero may serve fewer items than the pageSize asked for.
   */
  private async readAllPages(session: LedgerSession, path: string, filter: string) {
    const items: Array<Record<string, unknown>> = [];
    const key = RESPONSE_COLLECTIONS[path] ?? '';
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body } = await session.get(`${path}?${filter}&pageSize=${XERO_PAGE_SIZE}&page=${page}`);
      const pageItems = collection(body, key);
      items.push(...pageItems);
      const pageCount = paginationPageCount(body);
      if (pageCount === undefined ? pageItems.length === 0 : page >= pageCount) return items;
    }
    throw providerUnavailable(this.label, `${path} has more than ${MAX_PAGES} pages`);
  }

  /** One SDK client per attempt or refresh, so no `state` or token set is ever shared between them. */
  private async sdkClient(state: string | undefined): Promise<XeroClient> {
    const options = this.options;
    if (!options) throw new Error('Xero client id not configured');
    const client = new XeroClient({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUris: [options.redirectUri],
      scopes: options.scopes,
      ...(state ? { state } : {}),
    });
    const issuer = await this.discoverIssuer();
    client.openIdClient = new issuer.Client({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      redirect_uris: [options.redirectUri],
      response_types: ['code'],
    });
    return client;
  }

  private discoverIssuer(): Promise<OpenIdIssuer<BaseClient>> {
    if (!this.issuer) {
      openIdClientModule.custom.setHttpOptionsDefaults({ timeout: this.timeoutMs });
      this.issuer = withDeadline(
        openIdClientModule.Issuer.discover(this.identityUrl),
        this.timeoutMs,
        'Xero identity discovery',
      );
      // A failed discovery must not be cached: the next attempt tries again.
      this.issuer.catch(() => {
        this.issuer = undefined;
      });
    }
    return this.issuer;
  }

  private toTokens(
    tokenSet: { access_token?: string; refresh_token?: string; expires_in?: number },
    previousRefreshToken: string | undefined,
  ): TokenSet {
    if (!tokenSet.access_token) throw new Error('Xero returned no access token');
    const refreshToken = tokenSet.refresh_token ?? previousRefreshToken;
    if (!refreshToken) throw new Error('Xero returned no refresh token; is offline_access among the scopes?');
    return {
      accessToken: tokenSet.access_token,
      refreshToken,
      expiresAt: this.options!.clock.now() + (tokenSet.expires_in ?? 1800) * 1000,
    };
  }
}
