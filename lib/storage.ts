/**
 * Every piece of extension state, declared once. The background writes them; views only read through
 * the background. Nothing lives in module variables: the service worker can stop at any moment.
 */
import { storage } from 'wxt/utils/storage';
import type { Provider } from './proxy-api';
import { writeSecret } from './secrets';
import type { DashboardLayout, OmniConnection, PageSnapshot, ProxyState, Settings } from './snapshots';
import { DEFAULT_TIMEOUTS, type Timeouts } from './sync/executor';
import type { RunState } from './sync/run';

/**
 * The proxy's address, and whether a pairing key is saved. The key itself is not here: content scripts
 * can read this area (lib/secrets.ts).
 */
export const settingsItem = storage.defineItem<Omit<Settings, 'pairingKey'> & { pairingKeySet?: boolean }>(
  'local:settings',
  {
    fallback: { proxyUrl: 'http://localhost:8787', pairingKeySet: false },
    version: 2,
    migrations: {
      // Version 1 kept the pairing key here too: it moves to the secret store.
      2: async (old: Settings) => {
        if (old.pairingKey) await writeSecret('pairingKey', old.pairingKey);
        return { proxyUrl: old.proxyUrl, pairingKeySet: Boolean(old.pairingKey) };
      },
    },
  },
);

/** Last reading per browser tab; session storage, so it outlives the worker but not the browser. */
export const pagesItem = storage.defineItem<Record<string, PageSnapshot>>('session:pages', {
  fallback: {},
  version: 1,
});

export const layoutItem = storage.defineItem<Partial<Record<Provider, DashboardLayout>>>('local:layout', {
  fallback: {},
  version: 1,
});

export const omniConnectionItem = storage.defineItem<OmniConnection | null>('local:omniConnection', {
  fallback: null,
  version: 1,
});

/**
 * The proxy's last check. Local, not session, storage: content scripts are told of local changes only,
 * and the panel must learn of a check that ends after the run's last step (a proxy that stopped answering).
 */
export const proxyStateItem = storage.defineItem<ProxyState>('local:proxyState', {
  fallback: { state: 'not-configured' },
  version: 1,
});

/** The run in progress (or the last one, until the next starts). Owned by the background. */
export const activeRunItem = storage.defineItem<RunState | null>('local:activeRun', {
  fallback: null,
  version: 1,
});

/**
 * This browser session's id, made on first use. Session storage is emptied when the browser (or the
 * extension) restarts, so a run stamped with another id was started by a browser that is gone.
 */
export const browserSessionItem = storage.defineItem<string | null>('session:browserSession', {
  fallback: null,
  version: 1,
});

/** Finished runs, newest first, kept across browser restarts for the history and CSV export. */
export const runHistoryItem = storage.defineItem<RunState[]>('local:runHistory', {
  fallback: [],
  version: 1,
});

/**
 * The user's pick, per provider, of the ledger connection runs check against, for when several
 * organisations are connected and Omni's Connect page has not said which one Omni posts to.
 */
export const ledgerChoiceItem = storage.defineItem<Partial<Record<Provider, string>>>('local:ledgerChoice', {
  fallback: {},
  version: 1,
});

/** How long each wait of a step may take before the step fails. */
export const timeoutsItem = storage.defineItem<Timeouts>('local:timeouts', {
  fallback: DEFAULT_TIMEOUTS,
  version: 1,
});

/** How the panel sits on the dashboard: a docked drawer or a pill, and the drawer's width. */
export interface PanelPrefs {
  collapsed: boolean;
  /** The docked drawer's width in CSS pixels. */
  width: number;
}

/** The panel as the user left it, per user (every tab's panel follows it). */
export const panelPrefsItem = storage.defineItem<PanelPrefs>('local:panelPrefs', {
  fallback: { collapsed: false, width: 380 },
});
