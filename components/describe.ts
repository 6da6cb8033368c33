/** Sentences the panel and the popup both say, from status data (pure, unit-tested). */
import { KNOWN_TABS, labelKey, PROVIDER_NAMES, subTabKind } from '@/lib/omni/labels';
import type { DashboardLayout, PageSnapshot, ProxyState, StatusSnapshot, SubTabInfo } from '@/lib/snapshots';
import { reportHeadline } from '@/lib/sync/attention';
import type { RunState } from '@/lib/sync/run';

export function describeProxy(proxy: ProxyState): { on: boolean; text: string } {
  switch (proxy.state) {
    case 'not-configured':
      return { on: false, text: 'Ledger checks are off: no proxy is set in Options. Syncing still works.' };
    case 'unreachable':
      return { on: false, text: `Ledger checks are off: ${proxy.message} Syncing still works.` };
    case 'unauthorised':
      return { on: false, text: `Ledger checks are off: ${proxy.message} Syncing still works.` };
    case 'ok': {
      const names = proxy.connections.map((c) => `${c.organisationName} (${PROVIDER_NAMES[c.provider]})`);
      return {
        on: proxy.connections.some((c) => c.state === 'connected'),
        text:
          names.length === 0
            ? 'Proxy reachable, but no ledger is connected to it: ledger checks are off.'
            : `Ledger checks are on: ${names.join(', ')}.`,
      };
    }
  }
}

export function describePage(page: PageSnapshot | null): string {
  if (!page) return 'No Cin7 Omni page is open in this tab.';
  const provider = page.provider ? PROVIDER_NAMES[page.provider] : null;
  switch (page.kind) {
    case 'dashboard':
      return provider
        ? `${provider} V2 Accounting Dashboard found.`
        : 'Accounting Dashboard found, but its heading names no provider (Xero or QuickBooks Online): syncing is off.';
    case 'dashboard-v1':
      return `This is the ${provider ?? 'legacy'} V1 dashboard. V1 dashboards are not supported: open Accounting → ${provider ?? 'Xero'} V2.`;
    case 'connect':
      return `Settings → Connect: Omni is ${page.ledgerConnected ? 'connected' : 'not connected'} to ${provider ?? 'the ledger'}.`;
    case 'login':
      return 'Omni is showing its login page: log in, then open the Accounting Dashboard.';
    case 'error':
      return 'Omni is showing an error page. Nothing will be clicked here.';
    case 'other':
      return 'This Omni page is not the Accounting Dashboard.';
  }
}

export interface TabOverview {
  label: string;
  syncs: boolean;
  active: boolean;
  subTabs: Array<SubTabInfo & { seen: boolean; pending: number | null }>;
}

/**
 * Every tab with every sub-tab: the open tab as the page shows it now, other tabs as last seen, and tabs
 * not opened yet with their documented sub-tabs, marked as not seen.
 */
export function overview(page: PageSnapshot, layout: DashboardLayout): TabOverview[] {
  return page.tabs.map((tab) => {
    if (tab.active) {
      return {
        label: tab.label,
        syncs: tab.syncs,
        active: true,
        subTabs: page.subTabs.map((sub) => ({
          ...sub,
          seen: true,
          pending:
            sub.active && (page.list?.state === 'rows' || page.list?.state === 'empty')
              ? page.list.rows
              : sub.count,
        })),
      };
    }
    const seen = layout[tab.key];
    if (seen) {
      return {
        label: tab.label,
        syncs: tab.syncs,
        active: false,
        subTabs: seen.subTabs.map((sub) => ({ ...sub, seen: true, pending: sub.count })),
      };
    }
    const documented = KNOWN_TABS.find((known) => labelKey(known.label) === tab.key)?.subTabs ?? [];
    return {
      label: tab.label,
      syncs: tab.syncs,
      active: false,
      subTabs: documented
        .filter((sub) => !sub.only || sub.only === page.provider)
        .map((sub) => {
          const { kind, known } = subTabKind(tab.label, sub.label);
          return {
            label: sub.label,
            key: labelKey(sub.label),
            count: null,
            active: false,
            known,
            kind,
            syncs: kind !== 'read-only',
            seen: false,
            pending: null,
          };
        }),
    };
  });
}

/** A preview is offered as the run's count for this long after it was made. */
export const PREVIEW_FRESH_MS = 30 * 60_000;

export interface PreviewCounts {
  /** Lists with at least one item to send, in run order. */
  lists: Array<{ tab: string; subTab: string; items: number }>;
  items: number;
  /** Lists read (those with nothing to send included). */
  read: number;
}

/** What a finished preview run found: per list, how many items Smart Sync All would send. */
export function previewCounts(run: RunState | null): PreviewCounts | null {
  if (run?.scope.type !== 'preview' || run.status !== 'done') return null;
  const read = run.steps.filter((step) => step.status === 'read');
  const lists = read
    .filter((step) => step.found > 0)
    .map((step) => ({ tab: step.tab, subTab: step.subTab, items: step.found }));
  return { lists, items: lists.reduce((sum, list) => sum + list.items, 0), read: read.length };
}

/**
 * The one question Smart Sync All asks before sending: with the counts of a fresh preview of this
 * dashboard when there is one.
 */
export function sendQuestion(
  status: StatusSnapshot,
  now = Date.now(),
): { question: string; counted: boolean } {
  const provider = status.page?.provider ? PROVIDER_NAMES[status.page.provider] : 'the ledger';
  const run = status.run;
  const counts =
    run && run.provider === status.page?.provider && now - (run.endedAt ?? 0) < PREVIEW_FRESH_MS
      ? previewCounts(run)
      : null;
  if (!counts) {
    return { question: `Send every pending item on the dashboard’s lists to ${provider}?`, counted: false };
  }
  const items = `${counts.items} item${counts.items === 1 ? '' : 's'}`;
  const lists = `${counts.lists.length} list${counts.lists.length === 1 ? '' : 's'}`;
  return { question: `Send ${items} on ${lists} to ${provider}?`, counted: true };
}

/** A run's outcome in the report's words: "37 synced · 5 need attention · 0 not checked". */
export function outcomeText(run: RunState): string {
  const head = reportHeadline(run);
  return `${head.synced} synced · ${head.attention} need attention · ${head.notChecked} not checked`;
}
