// The in-page dashboard's own script, run in happy-dom against the live simulator: what a person sees and clicks.
import { Window } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OmniSim, type SimSettings, simPaths, startOmniSim } from './server.ts';

let sim: OmniSim;
let window: Window;

beforeAll(async () => {
  sim = await startOmniSim({ https: false });
});
afterAll(() => sim.close());
afterEach(() => window?.happyDOM.close());

const doc = () => window.document;
const app = () => doc().getElementById('accounting-app')!;

/** Wait for the page script's requests to finish and its overlay to go. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await window.happyDOM.waitUntilComplete();
    if (!app().hasAttribute('aria-busy') && !app().querySelector('.loading-overlay')) return;
  }
  throw new Error('the dashboard never became ready');
}

async function openDashboard(settings: Partial<SimSettings> = {}, hash = ''): Promise<void> {
  sim.reset(settings);
  window = new Window({
    url: `${sim.origin}${simPaths.dashboard}${hash}`,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  doc().write(await (await fetch(`${sim.origin}${simPaths.dashboard}`)).text());
  await settle();
}

const tabs = (list: 0 | 1) =>
  [...doc().querySelectorAll('[role=tablist]')[list]!.querySelectorAll('[role=tab]')].map((t) => ({
    label: t.textContent?.trim(),
    selected: t.getAttribute('aria-selected') === 'true',
  }));
const button = (label: string) =>
  [...app().querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === label,
  ) as unknown as HTMLElement;
const click = (el: unknown) => (el as { click(): void }).click();
const rowRefs = () =>
  [...app().querySelectorAll('tbody tr')].map(
    (tr) => tr.querySelectorAll('td')[1]?.textContent?.trim() ?? '',
  );
const alertText = () => app().querySelector('[role=alert]')?.textContent;

async function openSubTab(tab: string, subTab: string) {
  click([...app().querySelectorAll('[role=tab]')].find((t) => t.textContent?.trim() === tab));
  await settle();
  click([...app().querySelectorAll('[role=tab]')].find((t) => t.textContent?.trim().startsWith(subTab)));
  await settle();
}

describe('in-page dashboard script', () => {
  it('renders ARIA tab rows, the grid and no overlay once ready', async () => {
    await openDashboard();
    expect(doc().querySelector('h1')?.textContent).toBe('Xero V2 Accounting Dashboard');
    expect(tabs(0).find((t) => t.selected)?.label).toBe('Sales');
    expect(tabs(0).map((t) => t.label)).toContain('Errors 1');
    expect(tabs(1).map((t) => t.label)).toEqual([
      'Customers',
      'Invoices (10)',
      'Credit Notes (3)',
      'Payments (2)',
    ]);
    expect([...app().querySelectorAll('thead th')].map((th) => th.textContent?.trim())).toEqual([
      '',
      'Name',
      'Email',
      'Search',
      'Errors',
      'Actions',
    ]);
    expect(app().querySelector('thead input[type=checkbox]')?.getAttribute('aria-label')).toBe('Select all');
    expect(doc().querySelector('[data-testid]')).toBeNull();
  });

  it('re-renders in place on a tab click, and restores the list from the URL hash', async () => {
    await openDashboard();
    await openSubTab('Purchases', 'Supplier Invoices');
    expect(tabs(1).find((t) => t.selected)?.label).toBe('Supplier Invoices (4)');
    expect(rowRefs()).toEqual(['BILL-3101', 'BILL-3102', 'BILL-3103', 'BILL-3104']);
    expect(window.location.hash).toBe('#tab=Purchases&subTab=Supplier+Invoices');
    await openDashboard({}, '#tab=Retail&subTab=Store+Credits');
    expect(tabs(1).find((t) => t.selected)?.label).toBe('Store Credits (2)');
    // Store Credits keep their checkbox on the right.
    expect(app().querySelector('tbody tr td:last-child input[type=checkbox]')).not.toBeNull();
  });

  it('uploads what is ticked, however it was ticked, and shows the outcome', async () => {
    await openDashboard({}, '#tab=Sales&subTab=Invoices');
    click(button('Upload Selected'));
    await settle();
    expect(alertText()).toBe('Please select at least one item');
    const boxes = [...app().querySelectorAll('tbody input[type=checkbox]')] as unknown as HTMLInputElement[];
    boxes[0]!.checked = true;
    click(boxes[1]);
    click(button('Upload Selected'));
    expect(app().querySelector('.loading-overlay')?.textContent).toBe('Uploading…');
    expect(app().getAttribute('aria-busy')).toBe('true');
    await settle();
    expect(alertText()).toBe('2 items uploaded to Xero.');
    expect(sim.uploads()[0]?.refs).toEqual(['INV-10231', 'INV-10232']);
    click(app().querySelector('thead input[type=checkbox]'));
    click(button('Upload Selected'));
    await settle();
    expect(app().querySelector('tbody')?.textContent?.trim()).toBe('No records to display.');
  });

  it('asks for confirmation when configured', async () => {
    await openDashboard({ confirmUploads: true }, '#tab=Sales&subTab=Invoices');
    click(button('Upload All'));
    const dialog = doc().querySelector('[role=dialog]')!;
    expect(dialog.textContent).toContain('Are you sure you want to upload all items to Xero?');
    click([...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Cancel'));
    expect(doc().querySelector('[role=dialog]')).toBeNull();
    expect(sim.uploads()).toEqual([]);
    click(button('Upload All'));
    click([...doc().querySelectorAll('[role=dialog] button')].find((b) => b.textContent === 'OK'));
    await settle();
    expect(sim.uploads()).toHaveLength(1);
  });

  it('pages with the pager and the page-size selector', async () => {
    await openDashboard({ pageSize: 4 }, '#tab=Sales&subTab=Invoices');
    expect(app().querySelector('.pager-info')?.textContent).toBe('Page 1 of 3, items 1 to 4 of 10.');
    click(app().querySelector('[aria-label="Next page"]'));
    await settle();
    expect(rowRefs()).toEqual(['INV-10235', 'INV-10236', 'INV-10237', 'INV-10238']);
    const size = app().querySelector('select[data-page-size]') as unknown as HTMLSelectElement;
    size.value = '20';
    size.dispatchEvent(new window.Event('change', { bubbles: true }) as unknown as Event);
    await settle();
    expect(rowRefs()).toHaveLength(10);
  });

  it('shows a server error in place when an upload answers 500', async () => {
    await openDashboard({ faults: { nextUploadFails500: 1 } }, '#tab=Sales&subTab=Invoices');
    click(button('Upload All'));
    await settle();
    expect(alertText()).toContain('Server Error: 500');
    expect(rowRefs()).toHaveLength(10);
  });
});
