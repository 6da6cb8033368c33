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

export interface QboCompanySeed {
  realmId: string;
  name: string;
  bookCloseDate?: string;
  customers?: Array<{ id: string; name: string }>;
  vendors?: Array<{ id: string; name: string }>;
  /** Entity name (Invoice, Bill, CreditMemo, VendorCredit, JournalEntry, Payment) → documents. */
  documents?: Record<string, Array<{ id: string; number: string }>>;
}

const REFERENCE_FIELD: Record<string, string> = {
  Invoice: 'DocNumber',
  Bill: 'DocNumber',
  CreditMemo: 'DocNumber',
  VendorCredit: 'DocNumber',
  JournalEntry: 'DocNumber',
  Payment: 'PaymentRefNum',
};

const QUERY =
  /^select\s+(.+?)\s+from\s+(\w+)(?:\s+where\s+(\w+)\s+in\s+\((.*)\))?\s+STARTPOSITION\s+(\d+)\s+MAXRESULTS\s+(\d+)\s*$/i;

function parseValueList(list: string): string[] | undefined {
  const values: string[] = [];
  let rest = list.trim();
  const item = /^'((?:[^'\\]|\\.)*)'\s*(?:,\s*|$)/;
  while (rest.length > 0) {
    const match = item.exec(rest);
    if (match?.[1] === undefined) return undefined;
    values.push(match[1].replace(/\\(.)/g, '$1'));
    rest = rest.slice(match[0].length);
  }
  return values;
}

/**
 * A fake QuickBooks Online: Intuit's token and revoke endpoints, and the Accounting API's query,
 * companyinfo and preferences reads, with QBO's per-company limits (500/min, 10 in flight).
 */
export class FakeQbo {
  readonly identity: FakeTokenAuthority;
  readonly gate: ProviderRateGate;
  readonly violations: string[] = [];
  readonly queries: string[] = [];
  private readonly companies = new Map<string, QboCompanySeed>();
  private server: FakeServer | undefined;

  constructor(companies: QboCompanySeed[], now: () => number = Date.now) {
    this.identity = new FakeTokenAuthority(now);
    this.identity.accessTokenLifetimeSeconds = 3600;
    this.gate = new ProviderRateGate(500, 10, now);
    for (const company of companies) this.companies.set(company.realmId, company);
  }

  get url(): string {
    if (!this.server) throw new Error('fake QBO not started');
    return this.server.url;
  }

  identityEndpoints() {
    return {
      authorizeEndpoint: `${this.url}/connect/oauth2`,
      tokenEndpoint: `${this.url}/oauth2/v1/tokens/bearer`,
      revokeEndpoint: `${this.url}/v2/oauth2/tokens/revoke`,
      userInfoEndpoint: `${this.url}/v1/openid_connect/userinfo`,
    };
  }

  async start(): Promise<this> {
    this.server = await startFakeServer((request, body, response) => this.handle(request, body, response));
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** The user picks a company on Intuit's consent screen; returns where Intuit sends the browser. */
  consent(authorizeUrl: string, realmId = [...this.companies.keys()][0] ?? ''): string {
    const url = new URL(authorizeUrl);
    if (url.searchParams.get('client_id') !== this.identity.clientId)
      throw new Error('consent for an unknown client');
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const { code } = this.identity.approve([realmId], redirectUri, url.searchParams.get('scope') ?? '');
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    back.searchParams.set('realmId', realmId);
    return back.toString();
  }

  private async handle(request: http.IncomingMessage, body: string, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'POST' && url.pathname === '/oauth2/v1/tokens/bearer') {
      if (!this.identity.checkClient(basicCredentials(request.headers.authorization))) {
        return sendJson(response, 401, { error: 'invalid_client' });
      }
      const form = parseForm(body, request.headers['content-type']);
      if (form.grant_type === 'authorization_code') {
        const result = this.identity.exchangeCode(form.code ?? '', form.redirect_uri ?? '');
        return sendJson(response, 'error' in result ? 400 : 200, {
          ...result,
          x_refresh_token_expires_in: 8_726_400,
        });
      }
      if (form.grant_type === 'refresh_token') {
        const result = this.identity.refresh(form.refresh_token ?? '');
        // The request stays open until the fake stops (it closes every connection).
        if (result === 'hang') return;
        if (result === 'lose') {
          response.socket?.destroy();
          return;
        }
        return sendJson(response, 'error' in result ? 400 : 200, {
          ...result,
          x_refresh_token_expires_in: 8_726_400,
        });
      }
      return sendJson(response, 400, { error: 'unsupported_grant_type' });
    }
    if (request.method === 'POST' && url.pathname === '/v2/oauth2/tokens/revoke') {
      if (!this.identity.checkClient(basicCredentials(request.headers.authorization))) {
        return sendJson(response, 401, { error: 'invalid_client' });
      }
      this.identity.revoke(parseForm(body, request.headers['content-type']).token ?? '');
      return sendJson(response, 200, {});
    }
    const api = /^\/v3\/company\/(\d+)\/(query|companyinfo\/\d+|preferences)$/.exec(url.pathname);
    if (request.method === 'GET' && api?.[1] && api[2])
      return this.api(request, url, api[1], api[2], response);
    return sendJson(response, 404, { Fault: { Error: [{ Message: 'not found' }] } });
  }

  private violation(response: http.ServerResponse, message: string) {
    this.violations.push(message);
    sendJson(response, 400, {
      Fault: { Error: [{ Message: message, code: '4000' }], type: 'ValidationFault' },
    });
  }

  private api(
    request: http.IncomingMessage,
    url: URL,
    realmId: string,
    resource: string,
    response: http.ServerResponse,
  ) {
    const grant = this.identity.grantFor(bearer(request.headers.authorization));
    if (!grant)
      return sendJson(response, 401, {
        Fault: { Error: [{ Message: 'AuthenticationFailed', code: '3200' }] },
      });
    const company = this.companies.get(realmId);
    if (!company || !grant.tenantIds.includes(realmId))
      return sendJson(response, 403, { Fault: { Error: [{ code: '3100' }] } });
    const refusal = this.gate.enter(realmId);
    if (refusal)
      return sendJson(
        response,
        429,
        { Fault: { Error: [{ Message: 'ThrottleExceeded', code: '003001' }] } },
        { 'retry-after': String(refusal.retryAfterSeconds) },
      );
    try {
      if (resource.startsWith('companyinfo/')) {
        return sendJson(response, 200, { CompanyInfo: { Id: '1', CompanyName: company.name } });
      }
      if (resource === 'preferences') {
        return sendJson(response, 200, {
          Preferences: {
            AccountingInfoPrefs: company.bookCloseDate ? { BookCloseDate: company.bookCloseDate } : {},
          },
        });
      }
      const statement = url.searchParams.get('query') ?? '';
      this.queries.push(statement);
      const match = QUERY.exec(statement);
      if (!match?.[2] || !match[5] || !match[6])
        return this.violation(response, `unsupported query: ${statement.slice(0, 80)}`);
      const [, , entity, whereField, whereList, start, max] = match;
      const maxResults = Number(max);
      if (maxResults > 1000) return this.violation(response, `MAXRESULTS ${maxResults} over 1000`);
      let rows: Array<Record<string, unknown>>;
      if (entity === 'Customer' || entity === 'Vendor') {
        const contacts = (entity === 'Customer' ? company.customers : company.vendors) ?? [];
        rows = contacts.map((contact) => ({ Id: contact.id, DisplayName: contact.name }));
      } else {
        const field = REFERENCE_FIELD[entity ?? ''];
        if (!field) return this.violation(response, `unknown entity ${entity}`);
        rows = (company.documents?.[entity ?? ''] ?? []).map((d) => ({ Id: d.id, [field]: d.number }));
      }
      if (whereField) {
        const values = parseValueList(whereList ?? '');
        if (!values) return this.violation(response, `unparseable IN list in: ${statement.slice(0, 80)}`);
        // QBO compares strings case-sensitively in queries.
        const wanted = new Set(values);
        rows = rows.filter((row) => wanted.has(String(row[whereField])));
      }
      const page = rows.slice(Number(start) - 1, Number(start) - 1 + maxResults);
      return sendJson(response, 200, {
        QueryResponse:
          page.length > 0
            ? { [entity ?? '']: page, startPosition: Number(start), maxResults: page.length }
            : {},
        time: new Date().toISOString(),
      });
    } finally {
      this.gate.leave(realmId);
    }
  }
}
