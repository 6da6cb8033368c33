import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readSecret, writeSecret } from './secrets';
import { fromOptionsPage, loadSettings, saveSettings, statusFor } from './status';

const KEY = 'k'.repeat(32);

/** Everything a content script could read: the storage areas open to it. */
async function readableByContentScripts(): Promise<string> {
  return JSON.stringify([await fakeBrowser.storage.local.get(), await fakeBrowser.storage.sync.get()]);
}

beforeEach(async () => {
  fakeBrowser.reset();
  await writeSecret('pairingKey', '');
  // The proxy is not running in unit tests: its check answers "unreachable" quickly.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      throw new TypeError('fetch failed');
    }),
  );
});

describe('the proxy settings', () => {
  it('keep the pairing key out of every storage area a content script can read', async () => {
    await saveSettings({ proxyUrl: 'http://localhost:8787', pairingKey: KEY });
    expect(await readableByContentScripts()).not.toContain(KEY);
    expect(await readSecret('pairingKey')).toBe(KEY);
    expect((await statusFor(null, null)).settings).toEqual({
      proxyUrl: 'http://localhost:8787',
      pairingKeySet: true,
    });
  });

  it('keep the saved key when saved again with an empty key, at the same address', async () => {
    await saveSettings({ proxyUrl: 'http://localhost:8787', pairingKey: KEY });
    await saveSettings({ proxyUrl: 'http://localhost:8787/', pairingKey: '' });
    expect((await loadSettings()).pairingKey).toBe(KEY);
  });

  it('forget the key when the address changes: it is never sent to another address', async () => {
    await saveSettings({ proxyUrl: 'http://localhost:8787', pairingKey: KEY });
    await saveSettings({ proxyUrl: 'https://proxy.example.com', pairingKey: '' });
    expect(await loadSettings()).toEqual({ proxyUrl: 'https://proxy.example.com', pairingKey: '' });
  });

  it('refuse http:// for anything but this machine', async () => {
    await expect(saveSettings({ proxyUrl: 'http://proxy.example.com', pairingKey: KEY })).rejects.toThrow(
      /https:\/\//,
    );
    await expect(saveSettings({ proxyUrl: 'http://192.168.1.5:8787', pairingKey: KEY })).rejects.toThrow();
    for (const proxyUrl of ['http://127.0.0.1:8787', 'http://[::1]:8787', 'https://proxy.example.com:8443']) {
      await saveSettings({ proxyUrl, pairingKey: KEY });
      expect((await loadSettings()).proxyUrl).toBe(proxyUrl);
    }
    expect(await readSecret('pairingKey')).toBe(KEY);
  });

  it('move a key an earlier version kept in local storage into the secret store', async () => {
    await fakeBrowser.storage.local.set({
      settings: { proxyUrl: 'http://localhost:8787', pairingKey: KEY },
      settings$: { v: 1 },
    });
    vi.resetModules();
    const fresh = await import('./status');
    expect(await fresh.loadSettings()).toEqual({ proxyUrl: 'http://localhost:8787', pairingKey: KEY });
    expect(await readableByContentScripts()).not.toContain(KEY);
  });

  it('are changed by the Options page only', () => {
    expect(fromOptionsPage({ url: fakeBrowser.runtime.getURL('/options.html') })).toBe(true);
    expect(fromOptionsPage({ url: `${fakeBrowser.runtime.getURL('/options.html')}?tab=1#x` })).toBe(true);
    expect(fromOptionsPage({ url: fakeBrowser.runtime.getURL('/popup.html') })).toBe(false);
    expect(fromOptionsPage({ url: 'https://go.cin7.com/Cloud/Accounting/' })).toBe(false);
    expect(fromOptionsPage({})).toBe(false);
  });
});
