/** Sentences the panel and the popup both say, from status data (pure, unit-tested). */
import { KNOWN_TABS, labelKey, PROVIDER_NAMES, subTabKind } from '@/lib/omni/labels';
import type { DashboardLayout, PageSnapshot, ProxyState, SubTabSnapshot } from '@/lib/snapshots';

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
  subTabs: Array<SubTabSnapshot & { seen: boolean; pending: number | null }>;
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
