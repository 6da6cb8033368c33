import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';

/** React's modules as content scripts get them (the panel's unit tests resolve them so too: vitest.config.ts). */
export const PREACT_ALIASES: Readonly<Record<string, string>> = {
  react: 'preact/compat',
  'react-dom': 'preact/compat',
  'react-dom/client': 'preact/compat/client',
  'react/jsx-runtime': 'preact/jsx-runtime',
  'react/jsx-dev-runtime': 'preact/jsx-runtime',
};

/**
 * The panel is written against React's API, but react-dom alone (~64 KB gzipped) would fill the
 * content script's 80 KB budget (SPEC §6). Content scripts therefore bundle it with preact/compat;
 * the popup and options pages, which have no budget, keep React itself.
 */
function preactInContentScripts(): Plugin {
  let contentScript = false;
  return {
    name: 'omni-smart-sync:preact-in-content-scripts',
    enforce: 'pre',
    configResolved(config) {
      const input = config.build.lib ? config.build.lib.entry : config.build.rollupOptions.input;
      contentScript = /content[^/\\]*\.[jt]sx?/.test(JSON.stringify(input ?? ''));
    },
    resolveId(source, importer, options) {
      const target = contentScript ? PREACT_ALIASES[source] : undefined;
      return target ? this.resolve(target, importer, { ...options, skipSelf: true }) : null;
    },
  };
}

/**
 * Chromium: the public half of the project's signing key fixes the extension id (EXTENSION_ID in
 * lib/proxy-api.ts), so the proxy can allow that id and no other. Firefox has no use for it.
 */
const chromiumOnly = {
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqIUXkC79AevTpP4um1N81rdrSL9tJpFdv/NmXszZceO85vhiSjTirQeqX2u4y1+DhDg+Eka1XTYzBi9TsR//fvsWcw2kzJrN0gnNXm4ISZf66+Y7OLL8bSEadX7Y9FBotEeiEUs0v6nQ2a5BI3dKSw+53r2oLsafbHic246C/YptWNteLTGJnyYPGfAvWMifyMr/wS/7JviR+y5OfKZr6yhEpqs9/q9fi1/eEcGocf6DYDDP/0RB/N0c6S4jZ/RJBH3pL3a+RFfHevlXNxdm5OrVc+VvF0olLwD8sFitLm1iTXVO9IDK2Aud/ftyuvFR+RHBrBSYttJRXwEM+pMiUwIDAQAB',
};

/**
 * Firefox (`npm run build:firefox`, MV3): an add-on id, which Firefox requires for MV3 and which keeps
 * storage across reinstalls; 140 (an ESR) is the first Firefox that reads data_collection_permissions,
 * and nothing is collected: the proxy is the user's own. The Chromium-only `key` is left out: it is not
 * in Firefox's manifest schema, which warns of an unexpected property.
 */
const firefoxOnly = {
  browser_specific_settings: {
    gecko: {
      id: 'omni-smart-sync@omni-smart-sync',
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    },
  },
};

// The build users install is the build the browser tests load: nothing here changes for tests.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  vite: () => ({ plugins: [preactInContentScripts()] }),
  // MV3 in Firefox too (WXT's default there is MV2): the same manifest as Chromium's (action,
  // options_ui, `world: 'MAIN'`), and a non-persistent background that may stop, as Chromium's
  // service worker does, instead of MV2's persistent page.
  manifestVersion: 3,
  // One manifest for both browsers; each gets only what it reads (see firefoxOnly and chromiumOnly).
  manifest: ({ browser }) => ({
    name: 'Omni Smart Sync',
    description:
      'Syncs every list of the Cin7 Omni Accounting Dashboard to Xero or QuickBooks Online, in the order that makes it succeed.',
    ...(browser === 'firefox' ? firefoxOnly : chromiumOnly),
    // storage: run state and settings; notifications: the shortcut says so when no dashboard is open,
    // and a run's end is told when its tab is not in front.
    permissions: ['storage', 'notifications'],
    commands: {
      'sync-open-subtab': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Sync the Accounting Dashboard sub-tab that is open',
      },
    },
  }),
});
