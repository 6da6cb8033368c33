import type { Provider } from '../../lib/proxy-api';
import type { Clock } from './clock';

export interface LimitPolicy {
  perMinute: number;
  inFlight: number;
}

/** Published per-organisation limits: Xero 60/min and 5 concurrent; QBO 500/min and 10 concurrent. */
export const PROVIDER_LIMITS: Record<Provider, LimitPolicy> = {
  xero: { perMinute: 60, inFlight: 5 },
  qbo: { perMinute: 500, inFlight: 10 },
};

/*
 * The window is a little longer than a minute: the provider counts arrivals, we count departures, and
 * network jitter between the two must not let a 61st call land inside the provider's minute.
 */
const WINDOW_MS = 61_000;

/**
 * Admits calls to one organisation in arrival order, keeping at most `perMinute` starts in any
 * window and at most `inFlight` running. A 429 pauses every caller of the organisation, not just
 * the one that received it.
 */
export class OrganisationLimiter {
  private readonly starts: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private pausedUntil = 0;
  private wakeScheduled = false;
  peakInFlight = 0;

  constructor(
    private readonly policy: LimitPolicy,
    private readonly clock: Clock,
  ) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    await new Promise<void>((admit) => {
      this.waiting.push(admit);
      this.admitWaiting();
    });
    try {
      return await call();
    } finally {
      this.running--;
      this.admitWaiting();
    }
  }

  /** Holds every new call until `until` (the provider's Retry-After). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.running < this.policy.inFlight) {
      const now = this.clock.now();
      while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - WINDOW_MS) this.starts.shift();
      const windowFullFor =
        this.starts.length >= this.policy.perMinute ? (this.starts[0] ?? now) + WINDOW_MS - now : 0;
      const waitMs = Math.max(this.pausedUntil - now, windowFullFor);
      if (waitMs > 0) {
        this.wakeAfter(waitMs);
        return;
      }
      const admit = this.waiting.shift();
      if (!admit) return;
      this.running++;
      this.peakInFlight = Math.max(this.peakInFlight, this.running);
      this.starts.push(now);
      admit();
    }
  }

  private wakeAfter(ms: number): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    void this.clock.sleep(ms).then(() => {
      this.wakeScheduled = false;
      this.admitWaiting();
    });
  }
}

/** One limiter per organisation, shared by every request of the process. */
export class LimiterRegistry {
  private readonly limiters = new Map<string, OrganisationLimiter>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Record<Provider, LimitPolicy> = PROVIDER_LIMITS,
  ) {}

  forOrganisation(provider: Provider, tenantId: string): OrganisationLimiter {
    const key = `${provider}:${tenantId}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new OrganisationLimiter(this.limits[provider], this.clock);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
