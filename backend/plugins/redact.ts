/**
 * Scrubs secrets out of anything that may reach a log line or an error message.
 * Known values (pairing key, client secrets, every token the proxy has seen) are replaced wherever
 * they appear; patterns catch credentials we were never told about, such as the bearer header that
 * xero-node copies into its error objects.
 */
const MASK = '[redacted]';

const CREDENTIAL_PATTERNS: RegExp[] = [
  /(\b(?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/=]{8,}/gi,
  /(["']?(?:access_token|refresh_token|id_token|client_secret|authorization|pairingKey|pairing_key|token)["']?\s*[:=]\s*["']?)[^"'\s&,}]{8,}/gi,
  // JWTs (Xero access tokens) even when they appear bare.
  /()\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a value that must never be printed. Short values are ignored: they would mask ordinary text. */
  remember(secret: string | undefined | null): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    for (const pattern of CREDENTIAL_PATTERNS) result = result.replace(pattern, `$1${MASK}`);
    return result;
  }

  /** An error safe to show or log: message redacted, no stack, no request objects hanging off it. */
  describe(error: unknown): string {
    if (error instanceof Error) return this.redact(`${error.name}: ${error.message}`);
    if (typeof error === 'string') return this.redact(error);
    try {
      return this.redact(JSON.stringify(error));
    } catch {
      return 'unprintable error';
    }
  }
}
