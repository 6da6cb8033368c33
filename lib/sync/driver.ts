/**
 * The content script's run loop: ask the background for work, do it on this page, repeat. It is
 * restarted on every page load; the background's stored state says where to carry on.
 */
import { readPage, waitFor } from '../omni';
import type { PageKind } from '../snapshots';
import type { Work } from './controller';
import { executeStep, type StepBridge } from './executor';
import type { RunEvent } from './schemas';

export interface DriverBridge {
  nextWork(): Promise<Work>;
  /** As StepBridge's; a step's last report may bring the next step's work with its answer. */
  report(events: RunEvent[]): Promise<{ proceed: boolean; next?: Work }>;
  screen?: StepBridge['screen'];
}

/** How long an unrecognised page may take to become the dashboard before the run pauses. */
const DASHBOARD_GRACE_MS = 5000;

const BLOCKED: Record<Exclude<PageKind, 'dashboard'>, string> = {
  login: 'Omni is showing its login page. Log in; the run carries on when the dashboard is back.',
  error:
    'Omni is showing an error page. Nothing was clicked on it; the run carries on when the dashboard is back.',
  connect: 'The tab is on Settings → Connect; the run carries on when the dashboard is back.',
  'dashboard-v1':
    'The tab shows a V1 dashboard, which is not supported; the run carries on on the V2 dashboard.',
  other: 'The tab left the Accounting Dashboard; the run carries on when the dashboard is back.',
};

/**
 * `early`: work asked for while the page was still loading (its answer travels while the page parses);
 * used once, and only if it is a step: anything else is asked again, from the page as it is.
 */
export function createDriver(doc: Document, bridge: DriverBridge, early?: Promise<Work | null>) {
  let driving = false;
  /** The work the background handed out with its answer to a step's end: spares asking again. */
  let handedOut: Work | null = null;
  let first = early;
  const steps: StepBridge = {
    report: async (events) => {
      const answer = await bridge.report(events);
      handedOut = answer.next ?? null;
      return answer;
    },
    screen: bridge.screen,
  };
  const drive = async function drive(): Promise<void> {
    if (driving) return;
    driving = true;
    try {
      for (;;) {
        const prefetched = handedOut ?? (first ? await first : null);
        handedOut = null;
        first = undefined;
        const work = prefetched?.type === 'step' ? prefetched : await bridge.nextWork();
        if (work.type !== 'step') return;
        // An in-page dashboard draws itself after the page loads: give an unknown page a moment.
        const shown = readPage(doc);
        const page =
          shown.kind === 'other'
            ? await waitFor(
                () => {
                  const now = readPage(doc);
                  return now.kind === 'dashboard' ? now : null;
                },
                { what: 'the dashboard', timeoutMs: DASHBOARD_GRACE_MS },
              ).catch(() => readPage(doc))
            : shown;
        if (page.kind !== 'dashboard') {
          const event: RunEvent = {
            type: 'blocked',
            reason: BLOCKED[page.kind],
            uploadFailed: page.kind === 'error',
          };
          if (page.kind === 'error')
            event.reason = `Omni answered with an error page (${page.heading ?? 'Server Error'}). ${event.reason}`;
          await bridge.report([event]);
          return;
        }
        await executeStep(doc, work.work, steps);
      }
    } finally {
      driving = false;
    }
  };
  return { drive };
}
