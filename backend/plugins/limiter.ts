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
 * A call occupies a slot of the minute until 60 s after it *completed*: the provider counts arrivals,
 * which happen somewhere between our start and our completion, so counting from completion can never
 * put a 61st call inside the provider's minute, whatever the network or event-loop delays. The extra
 * half second absorbs clock granularity.
 */
const WINDOW_MS = 60_500;

/**
 * Admits calls to one organisation in arrival order, keeping at most `perMinute` calls in any
 * window and at most `inFlight` running. A 429 pauses every caller of the organisation, not just
 * the one that received it.
 */
export class OrganisationLimiter {
  /** One entry per call in the window: when it completed, or Infinity while it runs. */
  private readonly slots: Array<{ releasedAt: number }> = [];
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private pausedUntil = 0;
  private wakeScheduled = false;
  peakInFlight = 0;

  constructor(
    private readonly policy: LimitPolicy,
    private readonly clock: Clock,
  ) {}

  /** Runs `call` when a slot is free; a `signal` aborted while waiting leaves the queue at once. */
  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const slot = await new Promise<{ releasedAt: number }>((admit, reject) => {
      const leave = () => {
        const index = this.waiting.indexOf(enter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const enter = () => {
        signal?.removeEventListener('abort', leave);
        const taken = { releasedAt: Number.POSITIVE_INFINITY };
        this.slots.push(taken);
        admit(taken);
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(enter);
      this.admitWaiting();
    });
    try {
      return await call();
    } finally {
      slot.releasedAt = this.clock.now();
      this.running--;
      this.admitWaiting();
    }
  }

  /** Holds every new call until `until` (the provider's Retry-After). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** How long new calls are still held by a pause, in milliseconds. */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.running < this.policy.inFlight) {
      const now = this.clock.now();
      for (let i = this.slots.length - 1; i >= 0; i--) {
        if ((this.slots[i]?.releasedAt ?? 0) <= now - WINDOW_MS) this.slots.splice(i, 1);
      }
      let windowFullFor = 0;
      if (this.slots.length >= this.policy.perMinute) {
        const earliest = Math.min(...this.slots.map((slot) => slot.releasedAt));
        // Every slot still running: the next completion calls us again.
        if (!Number.isFinite(earliest)) return;
        windowFullFor = earliest + WINDOW_MS - now;
      }
      const waitMs = Math.max(this.pausedUntil - now, windowFullFor);
      if (waitMs > 0) {
        this.wakeAfter(waitMs);
        return;
      }
      const admit = this.waiting.shift();
      if (!admit) return;
      this.running++;
      this.peakInFlight = Math.max(this.peakInFlight, this.running);
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
