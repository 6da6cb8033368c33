/**
 * The toolbar badge of each tab, from plain data (pure, unit-tested): what is pending on a dashboard,
 * a run's progress on its tab, then a red count of what needs attention after it.
 */
import type { PageSnapshot } from './snapshots';
import { reportHeadline, scopeName } from './sync/attention';
import { runTotals } from './sync/report';
import { isActiveRun, type RunState } from './sync/run';

export interface Badge {
  /** At most 4 characters (what the toolbar shows); empty for none. */
  text: string;
  color: string;
  /** The toolbar button's tooltip: the badge in words. */
  title: string;
}

export const BADGE_COLORS = {
  pending: '#475569',
  running: '#1d4ed8',
  paused: '#b45309',
  attention: '#c62828',
} as const;

const NAME = 'Omni Smart Sync';
const NONE: Badge = { text: '', color: BADGE_COLORS.pending, title: NAME };

/** A count in at most 4 characters ("12", "1k", "99k+"), with a "+" when it is a lower bound and fits. */
export function badgeCount(count: number, atLeast = false): string {
  const short = count < 1000 ? String(count) : count < 100_000 ? `${Math.floor(count / 1000)}k` : '99k';
  const more = atLeast || count >= 100_000 || (count >= 1000 && count % 1000 !== 0);
  return more && short.length < 4 ? `${short}+` : short;
}

/**
 * Items pending on the lists this page shows: the open list's rows as read (else its label's count),
 * the other sub-tabs' label counts, and the count on another syncing tab's label, where the page shows
 * one. `complete` is false when some syncing list showed no count: the total is then a lower bound.
 */
export function pendingOnPage(page: PageSnapshot): { items: number; complete: boolean } {
  let items = 0;
  let complete = true;
  const add = (count: number | null) => {
    if (count === null) complete = false;
    else items += count;
  };
  for (const tab of page.tabs) {
    if (!tab.syncs) continue;
    if (!tab.active) {
      add(tab.count);
      continue;
    }
    for (const sub of page.subTabs) {
      if (!sub.syncs) continue;
      const read = sub.active && (page.list?.state === 'rows' || page.list?.state === 'empty');
      add(read ? page.list!.rows : sub.count);
    }
  }
  return { items, complete };
}

function progress(run: RunState): Badge {
  const { done, steps } = runTotals(run);
  const fraction = `${done}/${steps}`;
  const text = fraction.length <= 4 ? fraction : `${Math.floor((100 * done) / Math.max(1, steps))}%`;
  const what = run.scope.type === 'preview' ? 'Preview' : NAME;
  if (run.status === 'paused')
    return { text, color: BADGE_COLORS.paused, title: `${what} paused: ${run.pauseReason ?? ''}`.trim() };
  return { text, color: BADGE_COLORS.running, title: `${what}: ${done} of ${steps} lists done` };
}

/**
 * The badge of one tab. `run`: the active or last run of this browser session (a run of an earlier
 * session has no tab any more, whatever tab now carries its id).
 */
export function badgeFor(tabId: number, pages: Record<string, PageSnapshot>, run: RunState | null): Badge {
  if (run && run.tabId === tabId) {
    if (isActiveRun(run)) return progress(run);
    // What needs attention stays on the run's tab until the next run replaces it.
    const attention = run.scope.type === 'preview' ? 0 : reportHeadline(run).attention;
    if (attention > 0) {
      return {
        text: badgeCount(attention),
        color: BADGE_COLORS.attention,
        title: `${NAME}: ${attention} item${attention === 1 ? '' : 's'} of the last run need${attention === 1 ? 's' : ''} attention (see the panel’s report)`,
      };
    }
  }
  const page = pages[String(tabId)];
  if (page?.kind !== 'dashboard' || page.provider === null) return NONE;
  const { items, complete } = pendingOnPage(page);
  if (items === 0) return NONE;
  const counted = `${items} item${items === 1 ? '' : 's'} pending on the dashboard`;
  return {
    text: badgeCount(items, !complete),
    color: BADGE_COLORS.pending,
    title: complete
      ? `${NAME}: ${counted}`
      : `${NAME}: at least ${counted} (some lists show no count until they are opened)`,
  };
}

/**
 * What the notification at the end of a run says, or null for none (a preview sends nothing, and a run
 * still going has not ended).
 */
export function runEndNotice(run: RunState): string | null {
  if (isActiveRun(run) || run.scope.type === 'preview') return null;
  const scope = scopeName(run.scope);
  const ended = run.status === 'done' ? 'finished' : run.status;
  const { synced, attention } = reportHeadline(run);
  const reason = run.status === 'interrupted' && run.pauseReason ? ` ${run.pauseReason}` : '';
  return `${scope} ${ended}: ${synced} synced, ${attention} need${attention === 1 ? 's' : ''} attention.${reason}`;
}
