import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import {
  basicCredentials,
  bearer,
  type FakeServer,
  ProviderRateGate,
  parseForm,
  sendJson,
  startFakeServer,
} from './fake-http';
import { FakeTokenAuthority } from './fake-identity';
import { readXeroApiShape, type XeroApiShape } from './xero-openapi';

export interface XeroDocumentSeed {
  id?: string;
  number: string;
  type?: 'ACCREC' | 'ACCPAY' | 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  status?: string;
}

export interface XeroOrganisationSeed {
  tenantId?: string;
  name: string;
  periodLockDate?: string;
  endOfYearLockDate?: string;
  contacts?: Array<{ id?: string; name: string }>;
  invoices?: XeroDocumentSeed[];
  creditNotes?: XeroDocumentSeed[];
  manualJournals?: XeroDocumentSeed[];
  payments?: XeroDocumentSeed[];
}

interface Organisation {
  tenantId: string;
  name: string;
  periodLockDate?: string;
  endOfYearLockDate?: string;
  collections: Record<string, Array<Record<string, unknown>>>;
  connectionId: string;
}

export interface FakeXeroOptions {
  organisations: XeroOrganisationSeed[];
  now?: () => number;
  /** Real milliseconds each API answer is held back, so concurrency is observable. */
  latencyMs?: number;
  /** The official description to check requests against; undefined skips the check. */
  apiShape?: XeroApiShape;
  /** Most items served on one page whatever pageSize asks (the description says "up to 100" for some lists). */
  maxPageSize?: number;
  /** Leave the `pagination` object out of list responses, as older endpoints do. */
  omitPagination?: boolean;
}

const RESOURCE_FIELDS: Record<string, { id: string; reference: string }> = {
  Invoices: { id: 'InvoiceID', reference: 'InvoiceNumber' },
  CreditNotes: { id: 'CreditNoteID', reference: 'CreditNoteNumber' },
  ManualJournals: { id: 'ManualJournalID', reference: 'Narration' },
  Payments: { id: 'PaymentID', reference: 'Reference' },
  Contacts: { id: 'ContactID', reference: 'Name' },
};

function msDate(isoDate: string | undefined): string | undefined {
  return isoDate ? `/Date(${Date.parse(`${isoDate}T00:00:00Z`)}+0000)/` : undefined;
}

/** Parses the one `where` form the proxy may send: `Field=="a" OR Field=="b"`. Anything else is a bug. */
export function parseWhereEquals(where: string): { field: string; values: string[] } | undefined {
  const values: string[] = [];
  let field: string | undefined;
  let rest = where.trim();
  const term = /^(\w+)\s*==\s*"((?:[^"\\]|\\.)*)"\s*(?:OR\s+(?=\w)|$)/;
  while (rest.length > 0) {
    const match = term.exec(rest);
    if (!match?.[1] || match[2] === undefined) return undefined;
    if (field !== undefined && field !== match[1]) return undefined;
    field = match[1];
    values.push(match[2].replace(/\\(.)/g, '$1'));
    rest = rest.slice(match[0].length);
  }
  return field ? { field, values } : undefined;
}

/**
 * A fake Xero: identity (discovery, token, revocation), /connections, and the read endpoints of the
 * Accounting API the proxy uses, with Xero's rate limits. Requests are checked against the official
 * OpenAPI description when it is available; any mismatch is answered 400 and kept in `violations`.
 */
export class FakeXero {
  readonly identity: FakeTokenAuthority;
  readonly gate: ProviderRateGate;
  readonly violations: string[] = [];
  /** Every API request line the proxy made (path and query). */
  readonly requests: string[] = [];
  /** Answer the next N API calls with 429 and this Retry-After (seconds). */
  forcedRateLimits: { remaining: number; retryAfterSeconds: number; problem?: 'minute' | 'day' } = {
    remaining: 0,
    retryAfterSeconds: 1,
  };
  /** Answer the next N API calls with 500 at once. */
  failNextApiCalls = 0;
  dayLimit = 5000;
  private readonly organisations = new Map<string, Organisation>();
  private readonly now: () => number;
  private server: FakeServer | undefined;
  private readonly apiShape: XeroApiShape | undefined;

  constructor(private readonly options: FakeXeroOptions) {
    this.now = options.now ?? Date.now;
    this.identity = new FakeTokenAuthority(this.now);
    this.gate = new ProviderRateGate(60, 5, this.now);
    this.apiShape = options.apiShape;
    for (const seed of options.organisations) this.addOrganisation(seed);
  }

  static withOfficialShape(options: Omit<FakeXeroOptions, 'apiShape'>): FakeXero {
    return new FakeXero({ ...options, apiShape: readXeroApiShape() });
  }

  get url(): string {
    if (!this.server) throw new Error('fake Xero not started');
    return this.server.url;
  }

  get checksAgainstOpenApi(): boolean {
    return this.apiShape !== undefined;
  }

  tenantIds(): string[] {
    return [...this.organisations.keys()];
  }

  addOrganisation(seed: XeroOrganisationSeed): string {
    const tenantId = seed.tenantId ?? randomUUID();
    const documents = (items: XeroDocumentSeed[] | undefined, resource: string) =>
      (items ?? []).map((item) => this.document(resource, item));
    this.organisations.set(tenantId, {
      tenantId,
      name: seed.name,
      periodLockDate: seed.periodLockDate,
      endOfYearLockDate: seed.endOfYearLockDate,
      connectionId: randomUUID(),
      collections: {
        Contacts: (seed.contacts ?? []).map((contact) => ({
          ContactID: contact.id ?? randomUUID(),
          Name: contact.name,
          ContactStatus: 'ACTIVE',
        })),
        Invoices: documents(seed.invoices, 'Invoices'),
        CreditNotes: documents(seed.creditNotes, 'CreditNotes'),
        ManualJournals: documents(seed.manualJournals, 'ManualJournals'),
        Payments: documents(seed.payments, 'Payments'),
      },
    });
    return tenantId;
  }

  private document(resource: string, item: XeroDocumentSeed): Record<string, unknown> {
    const fields = RESOURCE_FIELDS[resource] ?? { id: 'ID', reference: 'Reference' };
    return {
      [fields.id]: item.id ?? randomUUID(),
      [fields.reference]: item.number,
      ...(item.type ? { Type: item.type } : {}),
      Status: item.status ?? 'AUTHORISED',
    };
  }

  /** Documents posted to an organisation after it was made (what a sync sends, in a test feeding it). */
  addDocuments(
    tenantId: string,
    resource: 'Invoices' | 'CreditNotes' | 'ManualJournals' | 'Payments',
    items: XeroDocumentSeed[],
  ): void {
    const organisation = this.organisations.get(tenantId);
    if (!organisation) throw new Error(`no organisation ${tenantId}`);
    organisation.collections[resource] = [
      ...(organisation.collections[resource] ?? []),
      ...items.map((item) => this.document(resource, item)),
    ];
  }

  async start(): Promise<this> {
    this.server = await startFakeServer((request, body, response) => this.handle(request, body, response));
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Plays the user approving the consent screen: the redirect URL Xero would send the browser to. */
  consent(authorizeUrl: string, tenantIds = this.tenantIds()): string {
    const url = new URL(authorizeUrl);
    if (url.searchParams.get('client_id') !== this.identity.clientId)
      throw new Error('consent for an unknown client');
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const { code } = this.identity.approve(tenantIds, redirectUri, url.searchParams.get('scope') ?? '');
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('scope', url.searchParams.get('scope') ?? '');
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    return back.toString();
  }

  private async handle(request: http.IncomingMessage, body: string, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return sendJson(response, 200, {
        issuer: this.url,
        authorization_endpoint: `${this.url}/identity/connect/authorize`,
        token_endpoint: `${this.url}/connect/token`,
        revocation_endpoint: `${this.url}/connect/revocation`,
        jwks_uri: `${this.url}/.well-known/openid-configuration/jwks`,
        response_types_supported: ['code'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    // A browser on the consent page: the user approves at once, and is sent back to the redirect URI.
    if (request.method === 'GET' && url.pathname === '/identity/connect/authorize') {
      try {
        response.writeHead(302, { Location: this.consent(url.toString()) }).end();
      } catch {
        sendJson(response, 400, { error: 'unauthorized_client' });
      }
      return;
    }
    if (request.method === 'POST' && url.pathname === '/connect/token')
      return this.token(request, body, response);
    if (request.method === 'POST' && url.pathname === '/connect/revocation') {
      const form = parseForm(body, request.headers['content-type']);
      const credentials = basicCredentials(request.headers.authorization) ?? {
        id: form.client_id ?? '',
        secret: form.client_secret ?? '',
      };
      if (!this.identity.checkClient(credentials))
        return sendJson(response, 400, { error: 'invalid_client' });
      this.identity.revoke(form.token ?? '');
      return sendJson(response, 200, {});
    }
    if (request.method === 'GET' && url.pathname.toLowerCase() === '/connections') {
      const grant = this.identity.grantFor(bearer(request.headers.authorization));
      if (!grant) return sendJson(response, 401, { Title: 'Unauthorized', Status: 401 });
      return sendJson(
        response,
        200,
        grant.tenantIds.flatMap((tenantId) => {
          const organisation = this.organisations.get(tenantId);
          return organisation
            ? [
                {
                  id: organisation.connectionId,
                  authEventId: grant.authEventId,
                  tenantId,
                  tenantType: 'ORGANISATION',
                  tenantName: organisation.name,
                  createdDateUtc: new Date(this.now()).toISOString(),
                  updatedDateUtc: new Date(this.now()).toISOString(),
                },
              ]
            : [];
        }),
      );
    }
    if (url.pathname.startsWith('/api.xro/2.0/')) return this.api(request, url, response);
    return sendJson(response, 404, { Title: 'Not found' });
  }

  private token(request: http.IncomingMessage, body: string, response: http.ServerResponse) {
    const form = parseForm(body, request.headers['content-type']);
    const credentials = basicCredentials(request.headers.authorization) ?? {
      id: form.client_id ?? '',
      secret: form.client_secret ?? '',
    };
    if (!this.identity.checkClient(credentials)) return sendJson(response, 400, { error: 'invalid_client' });
    if (form.grant_type === 'authorization_code') {
      const result = this.identity.exchangeCode(form.code ?? '', form.redirect_uri ?? '');
      return sendJson(response, 'error' in result ? 400 : 200, result);
    }
    if (form.grant_type === 'refresh_token') {
      const result = this.identity.refresh(form.refresh_token ?? '');
      // The request stays open until the fake stops (it closes every connection).
      if (result === 'hang') return;
      if (result === 'lose') {
        response.socket?.destroy();
        return;
      }
      return sendJson(response, 'error' in result ? 400 : 200, result);
    }
    return sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  private violation(response: http.ServerResponse, message: string) {
    this.violations.push(message);
    sendJson(response, 400, { Type: 'ValidationException', Message: message });
  }

  private async api(request: http.IncomingMessage, url: URL, response: http.ServerResponse) {
    const resource = url.pathname.slice('/api.xro/2.0/'.length);
    this.requests.push(`${url.pathname}${url.search}`);
    const operation = `${request.method} /${resource}`;
    if (this.apiShape) {
      const shape = this.apiShape.get(operation);
      if (!shape) return this.violation(response, `${operation} is not in the Xero OpenAPI description`);
      for (const name of url.searchParams.keys()) {
        if (!shape.queryParameters.has(name))
          return this.violation(response, `${operation} has no query parameter "${name}"`);
      }
      for (const header of shape.requiredHeaders) {
        if (!request.headers[header])
          return this.violation(response, `${operation} requires header ${header}`);
      }
    }
    const grant = this.identity.grantFor(bearer(request.headers.authorization));
    if (!grant)
      return sendJson(response, 401, {
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'TokenExpired',
      });
    const tenantId = String(request.headers['xero-tenant-id'] ?? '');
    const organisation = this.organisations.get(tenantId);
    if (!organisation || !grant.tenantIds.includes(tenantId)) {
      return sendJson(response, 403, { Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' });
    }
    if (this.forcedRateLimits.remaining > 0) {
      this.forcedRateLimits.remaining--;
      return sendJson(
        response,
        429,
        { Title: 'Too Many Requests' },
        {
          'retry-after': String(this.forcedRateLimits.retryAfterSeconds),
          'x-rate-limit-problem': this.forcedRateLimits.problem ?? 'minute',
        },
      );
    }
    if (this.failNextApiCalls > 0) {
      this.failNextApiCalls--;
      return sendJson(response, 500, { Title: 'An error occurred', Status: 500 });
    }
    const refusal = this.gate.enter(tenantId);
    if (refusal) {
      return sendJson(
        response,
        429,
        { Title: 'Too Many Requests' },
        {
          'retry-after': String(refusal.retryAfterSeconds),
          'x-rate-limit-problem': refusal.problem,
        },
      );
    }
    try {
      if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
      const limitHeaders = {
        'x-daylimit-remaining': String(
          Math.max(0, this.dayLimit - this.gate.log.filter((entry) => entry.tenantId === tenantId).length),
        ),
        'x-minlimit-remaining': String(Math.max(0, 60 - this.gate.maxPerMinute())),
      };
      if (resource === 'Organisation') {
        return sendJson(
          response,
          200,
          {
            Status: 'OK',
            Organisations: [
              {
                OrganisationID: organisation.tenantId,
                Name: organisation.name,
                PeriodLockDate: msDate(organisation.periodLockDate),
                EndOfYearLockDate: msDate(organisation.endOfYearLockDate),
              },
            ],
          },
          limitHeaders,
        );
      }
      const items = organisation.collections[resource];
      const fields = RESOURCE_FIELDS[resource];
      if (!items || !fields) return sendJson(response, 404, { Title: 'Not found' });
      const askedPageSize = Number(url.searchParams.get('pageSize') ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      if (!Number.isInteger(askedPageSize) || askedPageSize < 1 || askedPageSize > 1000)
        return this.violation(response, `pageSize ${askedPageSize} outside 1..1000`);
      const pageSize = Math.min(askedPageSize, this.options.maxPageSize ?? askedPageSize);
      if (!Number.isInteger(page) || page < 1)
        return this.violation(response, `page ${page} is not a positive integer`);
      if (url.toString().length > 2048)
        return this.violation(response, `request URL of ${url.toString().length} characters`);

      let selected = items;
      const numbers = url.searchParams.get('InvoiceNumbers');
      if (numbers !== null) {
        const wanted = new Set(numbers.split(',').map((value) => value.trim().toLowerCase()));
        selected = selected.filter((item) => wanted.has(String(item[fields.reference]).toLowerCase()));
      }
      const where = url.searchParams.get('where');
      if (where !== null) {
        const filter = parseWhereEquals(where);
        if (!filter) return this.violation(response, `unsupported where clause: ${where.slice(0, 80)}`);
        const wanted = new Set(filter.values.map((value) => value.toLowerCase()));
        selected = selected.filter((item) => wanted.has(String(item[filter.field] ?? '').toLowerCase()));
      }
      const pagination = {
        page,
        pageSize,
        pageCount: Math.ceil(selected.length / pageSize),
        itemCount: selected.length,
      };
      return sendJson(
        response,
        200,
        {
          Status: 'OK',
          ...(this.options.omitPagination ? {} : { pagination }),
          [resource]: selected.slice((page - 1) * pageSize, page * pageSize),
        },
        limitHeaders,
      );
    } finally {
      this.gate.leave(tenantId);
    }
  }
}
