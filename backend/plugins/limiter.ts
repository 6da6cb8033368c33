import { randomUUID } from 'node:crypto';
import type { Provider } from '../../lib/proxy-api';
import type { Clock } from './clock';
import { type Admission, type CallAdmission, DAY_MS, type LimitRule, type ProxyStore } from './store';

export interface LimitPolicy {
  perMinute: number;
  inFlight: number;
  /** Calls in any 24 hours, where the provider publishes such a limit. */
  perDay?: number;
}

/** Published per-organisation limits: Xero 60/min, 5 concurrent and 5,000/day; QBO 500/min and 10 concurrent. */
export const PROVIDER_LIMITS: Record<Provider, LimitPolicy> = {
  xero: { perMinute: 60, inFlight: 5, perDay: 5000 },
  qbo: { perMinute: 500, inFlight: 10 },
};

/*
 * A call occupies a slot of the minute until 60 s after it *completed*: the provider counts arrivals,
 * which happen somewhere between our start and our completion, so counting from completion can never
 * put a 61st call inside the provider's minute, whatever the network or event-loop delays. The extra
 * half second absorbs clock granularity (and, across instances, their clocks' small differences).
 */
export const WINDOW_MS = 60_500;
/**
 * A call slot its instance never released (the instance was killed) stops counting as in flight after
 * this long: beyond the API call's own 30 s deadline, so a live instance's call never loses its slot.
 */
export const CALL_LEASE_MS = 45_000;

/** A wait the caller should not sit through (the daily limit, a pause of hours): it is reported instead. */
export class LimitWaitTooLong extends Error {
  constructor(
    readonly waitMs: number,
    readonly reason: 'day' | 'paused',
  ) {
    super(`limit reached for ${Math.ceil(waitMs / 1000)} s (${reason})`);
    this.name = 'LimitWaitTooLong';
  }
}

/** Where an organisation's calls are counted: this process's memory, or the database every instance shares. */
export interface CallLedger {
  /** How often to ask again while the answer depends on other instances; undefined: never needed. */
  readonly pollMs: number | undefined;
  admit(request: CallAdmission): Promise<Admission>;
  release(callId: string, now: number): Promise<void>;
  pause(organisation: string, until: number): Promise<void>;
  pausedUntil(organisation: string): Promise<number>;
}

/** One process's count: enough when one proxy owns its data folder. */
export class MemoryCallLedger implements CallLedger {
  readonly pollMs = undefined;
  private readonly organisations = new Map<
    string,
    { calls: Map<string, { startedAt: number; releasedAt: number }>; pausedUntil: number }
  >();

  async admit({ organisation, callId, rule, now: readNow }: CallAdmission): Promise<Admission> {
    const now = readNow();
    const entry = this.entry(organisation);
    if (entry.pausedUntil > now)
      return { admitted: false, waitMs: entry.pausedUntil - now, reason: 'paused' };
    let running = 0;
    let inWindow = 0;
    let earliestRelease = Number.POSITIVE_INFINITY;
    let earliestStart = Number.POSITIVE_INFINITY;
    for (const [id, call] of entry.calls) {
      if (call.startedAt < now - DAY_MS) {
        entry.calls.delete(id);
        continue;
      }
      earliestStart = Math.min(earliestStart, call.startedAt);
      if (!Number.isFinite(call.releasedAt)) running++;
      if (call.releasedAt > now - rule.windowMs) {
        inWindow++;
        earliestRelease = Math.min(earliestRelease, call.releasedAt);
      }
    }
    if (rule.perDay !== undefined && entry.calls.size >= rule.perDay)
      return { admitted: false, waitMs: earliestStart + DAY_MS - now, reason: 'day' };
    if (running >= rule.inFlight) return { admitted: false, waitMs: undefined, reason: 'in-flight' };
    if (inWindow >= rule.perMinute) {
      return {
        admitted: false,
        waitMs: Number.isFinite(earliestRelease) ? earliestRelease + rule.windowMs - now : undefined,
        reason: 'minute',
      };
    }
    entry.calls.set(callId, { startedAt: now, releasedAt: Number.POSITIVE_INFINITY });
    return { admitted: true };
  }

  async release(callId: string, now: number): Promise<void> {
    for (const entry of this.organisations.values()) {
      const call = entry.calls.get(callId);
      if (call) call.releasedAt = now;
    }
  }

  async pause(organisation: string, until: number): Promise<void> {
    const entry = this.entry(organisation);
    entry.pausedUntil = Math.max(entry.pausedUntil, until);
  }

  async pausedUntil(organisation: string): Promise<number> {
    return this.entry(organisation).pausedUntil;
  }

  private entry(organisation: string) {
    let entry = this.organisations.get(organisation);
    if (!entry) {
      entry = { calls: new Map(), pausedUntil: 0 };
      this.organisations.set(organisation, entry);
    }
    return entry;
  }
}

/** How often a waiting instance asks the database again when a slot frees only on another instance. */
export const SHARED_POLL_MS = 250;

/** The count in the database: every instance of a practice admits calls against the same rows. */
export class StoreCallLedger implements CallLedger {
  readonly pollMs = SHARED_POLL_MS;

  constructor(private readonly store: ProxyStore) {}

  admit(request: CallAdmission): Promise<Admission> {
    return this.store.admitCall(request);
  }

  release(callId: string, now: number): Promise<void> {
    return this.store.releaseCall(callId, now);
  }

  pause(organisation: string, until: number): Promise<void> {
    return this.store.pauseOrganisation(organisation, until);
  }

  pausedUntil(organisation: string): Promise<number> {
    return this.store.organisationPausedUntil(organisation);
  }
}

interface Waiter {
  enter: (callId: string) => void;
  fail: (error: unknown) => void;
}

export interface LimiterOptions {
  ledger?: CallLedger;
  /** This instance's name in the ledger. */
  instance?: string;
  organisation?: string;
  /** Longest wait sat through; a longer one (the daily limit) fails the call with LimitWaitTooLong. */
  longestWaitMs?: number;
}

/**
 * Admits calls to one organisation in arrival order (within this process), keeping at most
 * `perMinute` calls in any window, at most `inFlight` running and at most `perDay` a day, counted in
 * the ledger. A 429 pauses every caller of the organisation, not just the one that received it.
 */
export class OrganisationLimiter {
  private readonly waiting: Waiter[] = [];
  private readonly ledger: CallLedger;
  private readonly organisation: string;
  private readonly instance: string;
  private readonly rule: LimitRule;
  private pumping = false;
  private wake: (() => void) | undefined;
  /** Something changed (a call ended, a caller arrived) since the head last asked the ledger. */
  private nudged = false;

  constructor(
    policy: LimitPolicy,
    private readonly clock: Clock,
    private readonly options: LimiterOptions = {},
  ) {
    this.ledger = options.ledger ?? new MemoryCallLedger();
    this.organisation = options.organisation ?? 'organisation';
    this.instance = options.instance ?? 'this-process';
    this.rule = { ...policy, windowMs: WINDOW_MS };
  }

  /** Runs `call` when a slot is free; a `signal` aborted while waiting leaves the queue at once. */
  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const callId = await new Promise<string>((enter, fail) => {
      const leave = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        fail(signal?.reason);
      };
      const waiter: Waiter = {
        enter: (id) => {
          signal?.removeEventListener('abort', leave);
          enter(id);
        },
        fail: (error) => {
          signal?.removeEventListener('abort', leave);
          fail(error);
        },
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
    try {
      return await call();
    } finally {
      // A release that cannot be written (the database is down) ends with the call's lease instead.
      await this.ledger.release(callId, this.clock.now()).catch(() => undefined);
      this.nudge();
    }
  }

  /** Holds every new call until `until` (the provider's Retry-After). */
  pause(until: number): Promise<void> {
    return this.ledger.pause(this.organisation, until);
  }

  /** How long new calls are still held by a pause, in milliseconds. */
  async pausedForMs(): Promise<number> {
    return Math.max(0, (await this.ledger.pausedUntil(this.organisation)) - this.clock.now());
  }

  /** The head of the queue asks the ledger for a slot; only it waits, so arrival order holds. */
  private pump(): void {
    if (this.pumping) {
      this.nudge();
      return;
    }
    this.pumping = true;
    void this.admitWaiting().finally(() => {
      this.pumping = false;
      if (this.waiting.length > 0) this.pump();
    });
  }

  private async admitWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const head = this.waiting[0] as Waiter;
      const callId = randomUUID();
      this.nudged = false;
      let admission: Admission;
      try {
        admission = await this.ledger.admit({
          organisation: this.organisation,
          callId,
          instance: this.instance,
          rule: this.rule,
          now: () => this.clock.now(),
          leaseMs: CALL_LEASE_MS,
        });
      } catch (error) {
        this.remove(head);
        head.fail(error);
        continue;
      }
      if (admission.admitted) {
        // The waiter may have left (aborted) while the ledger answered: give the slot back.
        if (!this.remove(head)) await this.ledger.release(callId, this.clock.now()).catch(() => undefined);
        else head.enter(callId);
        continue;
      }
      const longest = this.options.longestWaitMs ?? Number.POSITIVE_INFINITY;
      if (
        admission.waitMs !== undefined &&
        admission.waitMs > longest &&
        (admission.reason === 'day' || admission.reason === 'paused')
      ) {
        this.remove(head);
        head.fail(new LimitWaitTooLong(admission.waitMs, admission.reason));
        continue;
      }
      const poll = this.ledger.pollMs;
      const waitMs =
        admission.waitMs === undefined ? poll : Math.min(admission.waitMs, poll ?? Number.POSITIVE_INFINITY);
      if (this.nudged) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (waitMs !== undefined) void this.clock.sleep(Math.max(1, waitMs)).then(resolve);
      });
      this.wake = undefined;
    }
  }

  private nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private remove(waiter: Waiter): boolean {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }
}

export interface LimiterRegistryOptions {
  limits?: Record<Provider, LimitPolicy>;
  /** Where calls are counted; the database's when several instances serve one practice. */
  ledger?: CallLedger;
  instance?: string;
  longestWaitMs?: number;
}

/** One limiter per organisation, shared by every request of the process (and through the ledger, of every instance). */
export class LimiterRegistry {
  private readonly limiters = new Map<string, OrganisationLimiter>();
  private readonly ledger: CallLedger;

  constructor(
    private readonly clock: Clock,
    private readonly options: LimiterRegistryOptions = {},
  ) {
    this.ledger = options.ledger ?? new MemoryCallLedger();
  }

  forOrganisation(provider: Provider, tenantId: string): OrganisationLimiter {
    const key = `${provider}:${tenantId}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new OrganisationLimiter((this.options.limits ?? PROVIDER_LIMITS)[provider], this.clock, {
        ledger: this.ledger,
        instance: this.options.instance,
        organisation: key,
        longestWaitMs: this.options.longestWaitMs,
      });
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
