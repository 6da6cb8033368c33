/**
 * The run's order (SPEC §3), as a pure function from what the dashboard shows to ordered steps.
 * Contacts first; then each syncing tab's transaction lists in dependency order, unknown sub-tabs after
 * their tab's known ones; then the revisit of lists that dependencies refill; then the report reads.
 */
import { KNOWN_TABS, labelKey, normaliseLabel, type SubTabKind, subTabKind } from '../omni/labels';
import type { Provider } from '../proxy-api';

export interface LayoutTab {
  label: string;
  /** The sub-tabs the dashboard showed for this tab, or null when the tab has not been opened yet. */
  subTabs: string[] | null;
}

export type StepPhase = 'contacts' | 'sync' | 'revisit' | 'report';

export interface PlannedStep {
  /** Stable across re-plans: "<tab key>/<sub-tab key>[/revisit]". */
  id: string;
  tab: string;
  subTab: string;
  kind: SubTabKind;
  phase: StepPhase;
  known: boolean;
  /** Planned from the documentation because the tab has not been opened yet; may turn out absent. */
  expected: boolean;
}

/** Position of every documented syncing sub-tab in the run (SPEC §3 rule 2). */
const SYNC_ORDER = [
  'Invoices',
  'Credit Notes',
  'Payments',
  'Purchase Orders',
  'Supplier Invoices',
  'Supplier Credit Notes',
  'Landed Costs',
  'Adjustments',
  'COGS',
  'Gift Vouchers',
  'Store Credits',
].map(labelKey);
const CONTACT_ORDER = ['Customers', 'Suppliers'].map(labelKey);
const TAB_ORDER = ['Sales', 'Purchases', 'Adjustments & COGS', 'Retail'].map(labelKey);
const REPORT_TABS = ['Errors', 'Discrepancies'].map(labelKey);

/** Lists that items synced elsewhere in the run can refill, and what refills them. */
export const REFILLED_BY: Record<string, string[]> = {
  [labelKey('Payments')]: ['Invoices', 'Supplier Invoices'].map(labelKey),
};

function documentedSubTabs(tabLabel: string, provider: Provider | null): string[] {
  const tab = KNOWN_TABS.find((known) => labelKey(known.label) === labelKey(tabLabel));
  return (tab?.subTabs ?? [])
    .filter((sub) => !sub.only || !provider || sub.only === provider)
    .map((s) => s.label);
}

export function stepId(tab: string, subTab: string, phase?: StepPhase): string {
  return `${normaliseLabel(tab).key}/${normaliseLabel(subTab).key}${phase === 'revisit' ? '/revisit' : ''}`;
}

interface Candidate extends PlannedStep {
  rank: number;
}

export function planRun(tabs: readonly LayoutTab[], provider: Provider | null): PlannedStep[] {
  const candidates: Candidate[] = [];
  for (const tab of tabs) {
    const tabKey = labelKey(tab.label);
    const tabRank = TAB_ORDER.indexOf(tabKey);
    const reportRank = REPORT_TABS.indexOf(tabKey);
    const expected = tab.subTabs === null;
    const subTabs = tab.subTabs ?? documentedSubTabs(tab.label, provider);
    subTabs.forEach((shown, position) => {
      const subTab = normaliseLabel(shown).text;
      const { kind, known } = subTabKind(tab.label, subTab);
      const base = { id: stepId(tab.label, subTab), tab: tab.label, subTab, kind, known, expected };
      const key = normaliseLabel(subTab).key;
      if (reportRank >= 0) {
        candidates.push({ ...base, phase: 'report', rank: 3_000 + reportRank * 100 + position });
      } else if (kind === 'read-only') {
        // Admin's copies of ledger data: nothing to sync, nothing to report.
      } else if (kind === 'contacts') {
        const contactRank = CONTACT_ORDER.indexOf(key);
        candidates.push({ ...base, phase: 'contacts', rank: contactRank >= 0 ? contactRank : 50 + position });
      } else {
        const knownIndex = SYNC_ORDER.indexOf(key);
        // Unknown lists of a syncing tab: after that tab's known lists, in the order the page shows them.
        const within = knownIndex >= 0 ? knownIndex : 50 + position;
        candidates.push({
          ...base,
          phase: 'sync',
          rank: 100 + (tabRank >= 0 ? tabRank : TAB_ORDER.length) * 100 + within,
        });
      }
    });
  }
  const ordered = candidates.sort((a, b) => a.rank - b.rank);
  const revisits = ordered
    .filter((step) => step.phase === 'sync' && REFILLED_BY[labelKey(step.subTab)])
    .map((step) => ({ ...step, id: stepId(step.tab, step.subTab, 'revisit'), phase: 'revisit' as const }));
  const sync = ordered.filter((step) => step.phase !== 'report');
  const report = ordered.filter((step) => step.phase === 'report');
  return [...sync, ...revisits, ...report].map(({ rank: _rank, ...step }) => step);
}
