/**
 * Going to a sub-tab of the dashboard outside a run ("Show in Omni", the way back after a run): tab
 * clicks only, one per call. On a postback dashboard a click loads a new page; the caller keeps the
 * target (in the tab's session storage) and calls again on the page that follows.
 */
import { findTabElement, normaliseLabel, readTabStrips } from '../omni';
import { clickElement } from '../omni/click';
import { forgetReadings } from '../omni/dom';

export interface SubTabTarget {
  tab: string;
  subTab: string;
}

export type NavigationMove =
  | { type: 'there' }
  | { type: 'clicked'; what: 'tab' | 'subTab' }
  /** The dashboard is not (yet) showing its tabs: try again when the page changes. */
  | { type: 'waiting' }
  | { type: 'missing'; message: string };

const same = (a: string | null | undefined, b: string) =>
  normaliseLabel(a ?? '').key === normaliseLabel(b).key;

/** One move towards the target sub-tab: a click on its tab, else on the sub-tab, else nothing (there). */
export function moveTowards(doc: Document, target: SubTabTarget): NavigationMove {
  const strips = readTabStrips(doc.body);
  if (!strips) return { type: 'waiting' };
  if (!same(strips.activeTab, target.tab)) {
    const tab = findTabElement(doc, 'tab', target.tab);
    if (!tab) return { type: 'missing', message: `This dashboard has no "${target.tab}" tab.` };
    forgetReadings();
    clickElement(tab);
    return { type: 'clicked', what: 'tab' };
  }
  if (!same(strips.activeSubTab, target.subTab)) {
    const sub = findTabElement(doc, 'subTab', target.subTab);
    if (!sub) return { type: 'missing', message: `"${target.subTab}" is not on the ${target.tab} tab.` };
    forgetReadings();
    clickElement(sub);
    return { type: 'clicked', what: 'subTab' };
  }
  return { type: 'there' };
}
