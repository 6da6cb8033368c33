import '@/components/styles.css';
import { createRoot, type Root } from 'react-dom/client';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { panelConnector } from '@/components/connector';
import { Panel } from '@/components/Panel';
import { acceptOnlyTrustedInput } from '@/components/trusted-input';
import { pageOutline, readDashboard, readPage } from '@/lib/omni';
import { watchPage } from '@/lib/omni/wait';
import { sameSnapshot, toPageSnapshot } from '@/lib/page-snapshot';
import { onMessage, sendMessage } from '@/lib/protocol';
import type { PageSnapshot, StatusSnapshot } from '@/lib/snapshots';
import { type PanelPrefs, panelPrefsItem } from '@/lib/storage';
import type { Work } from '@/lib/sync/controller';
import { createDriver } from '@/lib/sync/driver';
import { moveTowards, type SubTabTarget } from '@/lib/sync/navigate';
import { isActiveRun } from '@/lib/sync/run';

const PANEL_PAGES = new Set<PageSnapshot['kind']>(['dashboard', 'dashboard-v1']);
const ACTING_KEY = 'omni-smart-sync:acting';
const OWNER_KEY = 'omni-smart-sync:run-token';
const GOTO_KEY = 'omni-smart-sync:goto';
const DOCK_STYLE_ID = 'omni-smart-sync-dock';
/** Tab clicks on the way to a sub-tab ("Show in Omni", back after a run) before giving up. */
const MAX_GOTO_MOVES = 4;

/** The sub-tab this tab is on its way to, kept across the page loads a postback dashboard makes. */
function gotoTarget(
  set?: (SubTabTarget & { moves: number }) | null,
): (SubTabTarget & { moves: number }) | null {
  try {
    if (set === null) sessionStorage.removeItem(GOTO_KEY);
    else if (set) sessionStorage.setItem(GOTO_KEY, JSON.stringify(set));
    const kept = JSON.parse(sessionStorage.getItem(GOTO_KEY) ?? 'null');
    return kept && typeof kept.tab === 'string' && typeof kept.subTab === 'string' ? kept : null;
  } catch {
    return null;
  }
}

/**
 * The docked drawer narrows the page instead of covering it: the page's root gets a right margin as
 * wide as the drawer (a style element of ours; removed when the panel is collapsed or gone).
 */
function dockPage(width: number | null): void {
  let style = document.getElementById(DOCK_STYLE_ID);
  if (width === null) {
    style?.remove();
    return;
  }
  if (!style) {
    style = document.createElement('style');
    style.id = DOCK_STYLE_ID;
    (document.head ?? document.documentElement).append(style);
  }
  const rule = `html { margin-right: ${Math.round(width)}px !important; }`;
  if (style.textContent !== rule) style.textContent = rule;
}

/**
 * Whether a run was acting in this tab when its last page went: a hint kept in the tab's session storage
 * across page loads, used only to decide whether the panel waits for the run's first click. The run
 * itself lives in extension storage; a wrong hint costs at most RUN_FIRST_MS of the panel's time.
 */
function actingHint(set?: boolean): boolean {
  try {
    if (set === true) sessionStorage.setItem(ACTING_KEY, '1');
    if (set === false) sessionStorage.removeItem(ACTING_KEY);
    return sessionStorage.getItem(ACTING_KEY) === '1';
  } catch {
    // Storage refused (privacy settings): no hint, the panel is drawn at once.
    return false;
  }
}
/**
 * The token of the run this tab started (controller.ts, RunState.ownerToken), kept across the tab's page
 * loads; it is what tells the background this tab is still the run's, not another that got its id.
 */
function ownerToken(set?: string): string | null {
  try {
    if (set) sessionStorage.setItem(OWNER_KEY, set);
    return sessionStorage.getItem(OWNER_KEY);
  } catch {
    return set ?? null;
  }
}

/** How long a run may act on a fresh page before the panel is drawn on it. */
const RUN_FIRST_MS = 150;

export default defineContentScript({
  matches: ['https://go.cin7.com/*'],
  // Started while the page loads, to ask the background for work then; the page is read once it is parsed.
  runAt: 'document_start',
  cssInjectionMode: 'ui',
  async main(ctx) {
    let ui: ShadowRootContentScriptUi<Root> | null = null;
    let last: PageSnapshot | null = null;
    let status: StatusSnapshot | undefined;
    let notice: string | null = null;
    let prefs: PanelPrefs = panelPrefsItem.fallback;
    // Read while the page loads, like the run's first work: the panel is drawn as the user left it.
    const prefsRead = panelPrefsItem.getValue().then(
      (kept) => {
        prefs = kept;
      },
      () => undefined,
    );

    // A run's next step, asked while the page still loads: on a postback dashboard the answer is back
    // by the time the page is parsed, instead of a round trip after it.
    const early = sendMessage('nextWork', { onDashboard: false, token: ownerToken() }).catch(() => null);
    // The panel's shadow root, made while the page loads too (fetching its style sheet takes a while);
    // mounted only on a page that gets the panel.
    const panelUi = createShadowRootUi(ctx, {
      name: 'omni-smart-sync-panel',
      // Closed: the page's scripts cannot reach into the panel (nor press its buttons).
      mode: 'closed',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container, shadow) => {
        acceptOnlyTrustedInput(shadow);
        return createRoot(container);
      },
      onRemove: (root) => root?.unmount(),
    });
    panelUi.catch(() => undefined);
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    /** This page did a step of a run: when the run is over, the tab goes back where the user started. */
    let actedHere = false;
    const acting = <T extends Work | null | undefined>(work: T): T => {
      if (work?.type === 'step') actedHere = true;
      if (work) actingHint(work.type === 'step');
      if (work?.type === 'step' && work.token) ownerToken(work.token);
      return work;
    };
    const { drive } = createDriver(
      document,
      {
        nextWork: async () =>
          acting(
            await sendMessage('nextWork', {
              onDashboard: (last?.kind ?? readPage(document).kind) === 'dashboard',
              token: ownerToken(),
            }),
          ),
        report: async (events) => {
          const answer = await sendMessage('runEvent', events);
          acting(answer.next);
          return answer;
        },
        screen: (request) => sendMessage('screenRows', request),
      },
      early.then(acting),
    );
    /** One tab click towards the target sub-tab per page reading, until there (or given up). */
    let lastMove = 0;
    const continueGoto = () => {
      const target = gotoTarget();
      if (!target) return;
      if (isActiveRun(status?.run ?? null) || target.moves >= MAX_GOTO_MOVES) {
        gotoTarget(null);
        return;
      }
      // A click just made: its page change comes first.
      if (Date.now() - lastMove < 400) {
        setTimeout(continueGoto, 450);
        return;
      }
      const move = moveTowards(document, target);
      if (move.type === 'clicked') {
        lastMove = Date.now();
        gotoTarget({ ...target, moves: target.moves + 1 });
      } else if (move.type === 'there' || move.type === 'missing') {
        gotoTarget(null);
        if (move.type === 'missing') {
          notice = move.message;
          render();
        }
      }
    };
    const goTo = (target: SubTabTarget) => {
      gotoTarget({ ...target, moves: 0 });
      continueGoto();
    };
    const driveThenReturn = async () => {
      await drive();
      if (!actedHere) return;
      actedHere = false;
      const target = await sendMessage('claimReturn', ownerToken()).catch(() => null);
      if (target) goTo(target);
    };
    // The panel's door: its commands go to the background, and what only this page can do comes from here.
    const connector = panelConnector({
      prepareRun: () => {
        // The run takes over the clicks: a way to a sub-tab still under way stops here.
        gotoTarget(null);
        return toPageSnapshot(readDashboard(document), location.href);
      },
      drive: (answer) => {
        if (answer) {
          if (answer.token) ownerToken(answer.token);
          notice = answer.started ? null : answer.message;
          render();
        }
        void driveThenReturn().catch(() => undefined);
      },
      outline: () => pageOutline(document),
      showInOmni: (tab, subTab) => {
        if (!isActiveRun(status?.run ?? null)) goTo({ tab, subTab });
      },
      setPanelPrefs: (next) => {
        prefs = next;
        render();
        void panelPrefsItem.setValue(next);
      },
    });
    /** Ends the content script's own watch of the status (Show in Omni and the way back wait for a run). */
    let unwatchStatus: (() => void) | null = null;

    const render = () => {
      if (!last || !ui?.mounted) return;
      ui.mounted.render(<Panel page={last} connector={connector} notice={notice} prefs={prefs} />);
      dockPage(prefs.collapsed ? null : prefs.width);
    };

    // A run acting on a freshly loaded page goes first: on a postback dashboard the page is usually gone
    // again within a tenth of a second, and drawing the panel (and telling the background) would only
    // delay the click. The panel follows if the page stays.
    let deferred: ReturnType<typeof setTimeout> | undefined;
    let runFirst = false;
    const readAndShow = async () => {
      // Not even read yet: the reading would hold up the run's first click by as long as it takes.
      if (runFirst) {
        deferred ??= setTimeout(() => {
          runFirst = false;
          void update();
        }, RUN_FIRST_MS);
        return;
      }
      const page = toPageSnapshot(readDashboard(document), location.href);
      if (sameSnapshot(last, page)) return;
      const arrived = page.kind === 'dashboard' && last?.kind !== 'dashboard';
      last = page;
      // An in-page dashboard may render after the script started: a run waiting for it carries on.
      if (arrived) void driveThenReturn().catch(() => undefined);
      await show();
      if (page.kind === 'dashboard') continueGoto();
    };

    const show = async () => {
      const page = last;
      if (!page) return;
      if (PANEL_PAGES.has(page.kind)) {
        if (!ui) {
          ui = await panelUi;
          await prefsRead;
          ui.mount();
          // Asked for only once the panel is shown: a run acting on a page that goes again has no use for it.
          unwatchStatus = connector.watchStatus((update) => {
            if ('status' in update) status = update.status;
          });
        }
        render();
      } else if (ui) {
        ui.remove();
        ui = null;
        unwatchStatus?.();
        dockPage(null);
      }
      // After showing the panel, and without waiting: the background may be waking up. Content scripts
      // are not told of the session storage this lands in, so the status is asked for again.
      sendMessage('reportPage', page).then(connector.refreshStatus, () => undefined);
    };

    // One reading at a time; changes during a reading trigger exactly one more.
    let reading: Promise<void> | null = null;
    let again = false;
    const update = async (): Promise<void> => {
      if (reading) {
        again = true;
        return reading;
      }
      reading = (async () => {
        do {
          again = false;
          await readAndShow().catch(() => undefined);
        } while (again);
      })();
      await reading;
      reading = null;
    };

    // A run acting on the previous page most likely acts on this one first; the panel follows.
    runFirst = actingHint();
    // Watch before the first reading: an in-page dashboard may render while we talk to the background.
    const controller = new AbortController();
    ctx.onInvalidated(() => {
      controller.abort();
      clearTimeout(deferred);
    });
    watchPage(() => void update(), { signal: controller.signal, quietMs: 20 });
    const driven = driveThenReturn().catch(() => undefined);
    const mounted = update();
    // The panel as the user set it in another tab.
    const unwatchPrefs = panelPrefsItem.watch((kept) => {
      prefs = kept;
      render();
    });
    ctx.onInvalidated(unwatchPrefs);
    ctx.onInvalidated(() => unwatchStatus?.());
    onMessage('kick', () => void driveThenReturn());
    // The popup's Start button: the same action as the panel's (a person pressed it, in the extension).
    onMessage('startFromView', () => connector.start());
    onMessage('getOutline', () => pageOutline(document));
    await Promise.all([mounted, driven]);
  },
});
