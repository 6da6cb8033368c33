/** Which Omni page this is, recognised by what it shows (SPEC §2 "What is NOT known"). */

import type { Provider } from '../proxy-api';
import type { PageKind } from '../snapshots';
import { clickables, controlLabel, isVisible, visibleText } from './dom';
import { labelKey, providerFromText } from './labels';
import { type ListReading, readList } from './list';
import { queryOutsideRows } from './scan';
import { ERROR_PAGE_TEXT, HEADING, LOGIN_BUTTON, V1_MARKER } from './selectors';
import { readTabStrips, type TabStrips } from './tabs';

export interface PageReading {
  kind: PageKind;
  provider: Provider | null;
  /** The heading that named the provider, as shown. */
  heading: string | null;
  strips: TabStrips | null;
  /** Omni's own connection to the ledger, when the Settings → Connect page is shown. */
  ledgerConnected: boolean | null;
  /** The ledger organisation Omni is connected to, when the Connect page names it. */
  ledgerOrganisation?: string | null;
}

/** A label naming the organisation (the ledger's company) in a label–value pair. */
const ORGANISATION_LABEL =
  /^(organi[sz]ation|company|tenant|business|xero organi[sz]ation|quickbooks company)( name)?\s*:?$/i;
const ORGANISATION_INLINE = /^(organi[sz]ation|company|tenant|business)( name)?\s*:\s*(.{1,200})$/i;
/** "Connected to Xero organisation Demo Company (NZ)." */
const CONNECTED_SENTENCE = /\bconnected to\b.*?\b(organi[sz]ation|company)\b\s*:?\s*(.{1,200}?)\.?$/i;

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * The organisation the Connect page names, wherever it is written: a label–value pair (dt/dd, th/td,
 * label then value) or one line "Organisation: Name". The Connect page's wording is not documented
 * (SPEC §2): null when it names none this way.
 */
export function connectedOrganisation(doc: Document): string | null {
  for (const element of Array.from(
    doc.body.querySelectorAll('dt, th, td, label, strong, b, span, p, div, li'),
  )) {
    if (!isVisible(element)) continue;
    const own = clean(element.textContent);
    if (ORGANISATION_LABEL.test(own)) {
      const text = clean(element.nextElementSibling?.textContent);
      if (text && !ORGANISATION_LABEL.test(text)) return text;
      // "<strong>Organisation:</strong> Name" inside one parent.
      const rest = clean(element.parentElement?.textContent)
        .slice(own.length)
        .replace(/^\s*:?\s*/, '');
      if (rest && element.parentElement?.children.length === 1) return rest;
    }
    if (element.children.length === 0) {
      const inline = ORGANISATION_INLINE.exec(own);
      if (inline?.[3]) return clean(inline[3]);
    }
  }
  // Else a sentence: the innermost element saying "connected to … organisation Name".
  const sentences = Array.from(doc.body.querySelectorAll('p, div, span, li, td')).filter((element) => {
    const own = clean(element.textContent);
    return (
      own.length < 300 &&
      CONNECTED_SENTENCE.test(own) &&
      !/\bnot connected\b/i.test(own) &&
      isVisible(element)
    );
  });
  const innermost = sentences.filter(
    (element) => !sentences.some((other) => other !== element && element.contains(other)),
  );
  for (const element of innermost) {
    const sentence = CONNECTED_SENTENCE.exec(clean(element.textContent));
    // The name set apart (bold, a link), or the rest of the sentence.
    const marked = element.querySelector('b, strong, em, a, span');
    const name = clean(marked?.textContent) || clean(sentence?.[2]);
    if (name) return name;
  }
  return null;
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
    return {
      ...base,
      kind: 'connect',
      strips: null,
      ledgerConnected: connected,
      ledgerOrganisation: connected ? connectedOrganisation(doc) : null,
    };
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
