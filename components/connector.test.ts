import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { StatusUpdate } from './connector';
import { statusFeed } from './connector';
import { fakeStatus } from './fake-connector';

/** Past the feed's wait for the rest of a burst, and the request. */
const settle = (ms = 60) => vi.advanceTimersByTimeAsync(ms);

describe('statusFeed: the status a view watches', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('is asked for when a view starts watching, and once per burst of storage changes after', async () => {
    const request = vi.fn(async () => fakeStatus());
    const feed = statusFeed(request);
    const updates: StatusUpdate[] = [];
    feed.watchStatus((update) => updates.push(update));
    await settle();
    expect(request).toHaveBeenCalledTimes(1);
    expect(updates).toEqual([{ status: fakeStatus() }]);

    // A run writes its state many times in a row: one more request covers them all.
    for (let step = 0; step < 5; step++) await fakeBrowser.storage.local.set({ activeRun: step });
    await settle();
    expect(request).toHaveBeenCalledTimes(2);
    expect(updates).toHaveLength(2);
  });

  it('a second watcher in the same page gets the last answer without another request', async () => {
    const request = vi.fn(async () => fakeStatus());
    const feed = statusFeed(request);
    feed.watchStatus(() => undefined);
    await settle();
    const second = vi.fn();
    feed.watchStatus(second);
    expect(second).toHaveBeenCalledWith({ status: fakeStatus() });
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('asks nothing once no view watches', async () => {
    const request = vi.fn(async () => fakeStatus());
    const feed = statusFeed(request);
    const stop = feed.watchStatus(() => undefined);
    await settle();
    stop();
    await fakeBrowser.storage.local.set({ activeRun: 1 });
    feed.refreshStatus();
    await settle();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('asks a background that did not answer once more before reporting the error', async () => {
    const request = vi.fn<() => Promise<ReturnType<typeof fakeStatus>>>(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const updates: StatusUpdate[] = [];
    statusFeed(request).watchStatus((update) => updates.push(update));
    await settle(1100);
    expect(request).toHaveBeenCalledTimes(2);
    expect(updates).toEqual([
      { error: new Error('Could not establish connection. Receiving end does not exist.') },
    ]);
  });
});
