/** Which Omni page this is, recognised by what it shows (SPEC §2 "What is NOT known"). */
import { clickables, controlLabel, isVisible, visibleText } from './dom';
import { labelKey, type Provider, providerFromText } from './labels';
import { type ListReading, readList } from './list';
import { queryOutsideRows } from './scan';
import { ERROR_PAGE_TEXT, HEADING, LOGIN_BUTTON, V1_MARKER } from './selectors';
import { readTabStrips, type TabStrips } from './tabs';

export type PageKind = 'dashboard' | 'dashboard-v1' | 'connect' | 'login' | 'error' | 'other';

export interface PageReading {
  kind: PageKind;
  provider: Provider | null;
  /** The heading that named the provider, as shown. */
  heading: string | null;
  strips: TabStrips | null;
  /** Omni's own connection to the ledger, when the Settings → Connect page is shown. */
  ledgerConnected: boolean | null;
}

function headings(doc: Document): string[] {
  const found = queryOutsideRows(doc, HEADING)
    .filter((element) => element.tagName === 'TITLE' || isVisible(element))
    .map((element) => (element.tagName === 'TITLE' ? (element.textContent ?? '') : visibleText(element)))
    .map((text) => text.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return found;
}

function providerHeading(doc: Document): { provider: Provider; heading: string } | null {
  for (const heading of headings(doc)) {
    const provider = providerFromText(heading);
    if (provider) return { provider, heading };
  }
  return null;
}

function visibleControlLabels(doc: Document): string[] {
  return clickables(doc.body)
    .filter(isVisible)
    .map((element) => labelKey(controlLabel(element)));
}

function isLoginPage(doc: Document): boolean {
  const password = Array.from(doc.getElementsByTagName('input')).some(
    (input) => input.type === 'password' && isVisible(input),
  );
  return password && visibleControlLabels(doc).some((label) => LOGIN_BUTTON.test(label));
}

function isErrorPage(doc: Document): boolean {
  return headings(doc).some((text) => ERROR_PAGE_TEXT.test(text));
}

function connectState(doc: Document): boolean | null {
  const labels = visibleControlLabels(doc);
  if (labels.includes('disconnect')) return true;
  const text = labelKey(doc.body.textContent ?? '');
  if (labels.includes('connect') && /\bnot connected\b|\bdisconnected\b/.test(text)) return false;
  return labels.includes('connect') ? false : null;
}

export function readPage(doc: Document): PageReading {
  const named = providerHeading(doc);
  const base = { provider: named?.provider ?? null, heading: named?.heading ?? null, ledgerConnected: null };
  if (!doc.body) return { ...base, kind: 'other', strips: null };
  if (isLoginPage(doc)) return { ...base, kind: 'login', strips: null };
  if (isErrorPage(doc)) return { ...base, kind: 'error', strips: null };
  const strips = readTabStrips(doc.body);
  // The V2 dashboard is the one page with its two rows of tabs; a provider page without them is V1.
  if (strips && strips.subTabs.length > 0) {
    if (named && V1_MARKER.test(named.heading)) return { ...base, kind: 'dashboard-v1', strips };
    return { ...base, kind: 'dashboard', strips };
  }
  const connected = connectState(doc);
  if (named && connected !== null)
    return { ...base, kind: 'connect', strips: null, ledgerConnected: connected };
  if (named && isLegacyDashboard(doc, named.heading)) return { ...base, kind: 'dashboard-v1', strips: null };
  return { ...base, kind: 'other', strips: null };
}

/** A provider-named page with a list and a send/upload control, but without V2's tab rows. */
function isLegacyDashboard(doc: Document, heading: string): boolean {
  if (V1_MARKER.test(heading)) return true;
  const hasTable = Array.from(doc.querySelectorAll('table, [role="grid"]')).some(isVisible);
  const sends = visibleControlLabels(doc).some((label) => /\b(send|upload|export|sync|post)\b/.test(label));
  return hasTable && sends;
}

export interface DashboardReading extends PageReading {
  list: ListReading | null;
}

/** What the panel shows: the page, and the open list's state and size (its rows are read by a run). */
export function readDashboard(doc: Document): DashboardReading {
  const page = readPage(doc);
  return { ...page, list: page.kind === 'dashboard' ? readList(doc.body, { rows: false }) : null };
}
