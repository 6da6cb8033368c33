import { randomBytes } from 'node:crypto';

/**
 * The token side of an OAuth 2.0 identity provider, shared by the fake Xero and fake Intuit servers:
 * authorisation codes, access tokens with an expiry, rotating refresh tokens, revocation, and the knobs
 * the tests need (lose a refresh response, refuse with invalid_grant).
 */
export interface Grant {
  id: string;
  tenantIds: string[];
  revoked: boolean;
  authEventId: string;
}

interface RefreshTokenState {
  grant: Grant;
  /** Set once used: the token it was exchanged for, for the provider's retry grace period. */
  replacedBy?: { accessToken: string; refreshToken: string; at: number };
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope?: string;
  x_refresh_token_expires_in?: number;
}

function jwtLike(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.${randomBytes(16).toString('base64url')}`;
}

export class FakeTokenAuthority {
  readonly clientId = `client-${randomBytes(6).toString('hex')}`;
  readonly clientSecret = `secret-${randomBytes(16).toString('hex')}`;
  accessTokenLifetimeSeconds = 1800;
  /** How long a used refresh token may be presented again (Xero allows retries for 30 minutes). */
  reuseGraceMs = 30 * 60_000;
  refreshCalls = 0;
  revokeCalls = 0;
  /** Process the next refresh but drop the connection instead of answering. */
  loseNextRefreshResponse = false;
  /** Answer every refresh with invalid_grant. */
  refuseRefresh = false;
  /** Never answer refreshes, as a silent token endpoint does. */
  hangRefresh = false;

  private readonly codes = new Map<string, { grant: Grant; redirectUri: string; scope: string }>();
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, RefreshTokenState>();

  constructor(private readonly now: () => number) {}

  /** What the consent screen does when the user approves: a one-time code for these tenants. */
  approve(tenantIds: string[], redirectUri: string, scope: string): { code: string; grant: Grant } {
    const grant: Grant = {
      id: randomBytes(8).toString('hex'),
      tenantIds,
      revoked: false,
      authEventId: randomBytes(8).toString('hex'),
    };
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, { grant, redirectUri, scope });
    return { code, grant };
  }

  checkClient(credentials: { id: string; secret: string } | undefined): boolean {
    return credentials?.id === this.clientId && credentials.secret === this.clientSecret;
  }

  exchangeCode(code: string, redirectUri: string): IssuedTokens | { error: string } {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry || entry.redirectUri !== redirectUri) return { error: 'invalid_grant' };
    return { ...this.issue(entry.grant), scope: entry.scope };
  }

  /** Returns tokens, an error, 'lose' when the response should be dropped after rotating, or 'hang'. */
  refresh(refreshToken: string): IssuedTokens | { error: string } | 'lose' | 'hang' {
    this.refreshCalls++;
    if (this.hangRefresh) return 'hang';
    const state = this.refreshTokens.get(refreshToken);
    if (this.refuseRefresh || !state || state.grant.revoked) return { error: 'invalid_grant' };
    if (state.replacedBy) {
      // A retry after a lost response: within the grace period the same rotation is handed back.
      if (this.now() - state.replacedBy.at > this.reuseGraceMs) return { error: 'invalid_grant' };
      const { accessToken, refreshToken: next } = state.replacedBy;
      return {
        access_token: accessToken,
        refresh_token: next,
        expires_in: this.accessTokenLifetimeSeconds,
        token_type: 'Bearer',
      };
    }
    const issued = this.issue(state.grant);
    state.replacedBy = {
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      at: this.now(),
    };
    if (this.loseNextRefreshResponse) {
      this.loseNextRefreshResponse = false;
      return 'lose';
    }
    return issued;
  }

  revoke(token: string): void {
    this.revokeCalls++;
    const grant = this.refreshTokens.get(token)?.grant ?? this.accessTokens.get(token)?.grant;
    if (grant) grant.revoked = true;
  }

  /** The grant behind a live access token, or undefined when it is unknown, expired or revoked. */
  grantFor(accessToken: string | undefined): Grant | undefined {
    const entry = accessToken ? this.accessTokens.get(accessToken) : undefined;
    if (!entry || entry.grant.revoked || entry.expiresAt <= this.now()) return undefined;
    return entry.grant;
  }

  /** Ends every access token early, as when a provider invalidates sessions. */
  expireAllAccessTokens(): void {
    for (const entry of this.accessTokens.values()) entry.expiresAt = 0;
  }

  /** Every token value issued so far, to prove none of them reaches a log or the database in clear. */
  allTokenValues(): string[] {
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys()];
  }

  private issue(grant: Grant): IssuedTokens {
    const accessToken = jwtLike({
      authentication_event_id: grant.authEventId,
      exp: Math.floor(this.now() / 1000) + this.accessTokenLifetimeSeconds,
      jti: randomBytes(8).toString('hex'),
    });
    const refreshToken = `rt_${randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(accessToken, {
      grant,
      expiresAt: this.now() + this.accessTokenLifetimeSeconds * 1000,
    });
    this.refreshTokens.set(refreshToken, { grant });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.accessTokenLifetimeSeconds,
      token_type: 'Bearer',
    };
  }
}
