// A scripted, instant person syncing a fuzz rendering in a real browser: the benchmark baseline. It knows the
// variant's markup (its own attribute names, not test marks) and does what a careful bookkeeper does on each
// list: open it, wait for it, tick everything, press the right control, confirm, wait for Omni to finish. Every
// action is a click (or a select change) in the page; nothing goes around it over HTTP.
import type { Page } from 'puppeteer-core';
import { simPaths } from '../markup.ts';
import { type RenderingVariant, variantFor } from './variant.ts';

export type HumanStepKind = 'contacts' | 'transactions' | 'upload-ticked' | 'cogs' | 'read-only';

export interface HumanStep {
  tab: string;
  subTab: string;
  kind: HumanStepKind;
}

const OMNI = 'https://go.cin7.com';

/** What the page script publishes as window.__omniFuzz (see page.js). */
interface PageState {
  busy: boolean;
  rev: number;
  state: { tab: string; subTab: string; page: number; pages: number; total: number; shown: number };
}

/** Reads the page script's state inside the page (the function runs in the browser, so it stays self-contained). */
function pageState(): PageState {
  return (window as unknown as { __omniFuzz: PageState }).__omniFuzz;
}

class FuzzHuman {
  clicks = 0;
  pageLoads = 0;
  /** Row keys uploaded so far, per list: a revisited list uploads only what is new (SPEC §3). */
  private submitted = new Map<string, Set<string>>();

  constructor(
    private readonly page: Page,
    private readonly v: RenderingVariant,
  ) {}

  private by(command: string): string {
    return `[${this.v.names.cmd}="${command.replace(/["\\]/g, '\\$&')}"]`;
  }

  private read(): Promise<PageState> {
    return this.page.evaluate(pageState);
  }

  async open(): Promise<void> {
    if (new URL(this.page.url(), OMNI).pathname === simPaths.dashboard) return;
    await this.page.goto(`${OMNI}${simPaths.dashboard}`, { waitUntil: 'load' });
    this.pageLoads++;
  }

  /** One click (or select change) that makes Omni work, then wait until the page shows the result. */
  private async act(selector: string, selectValue?: string): Promise<void> {
    this.clicks++;
    const fire = () =>
      this.page.$eval(
        selector,
        (el, value) => {
          if (value === null) return (el as HTMLElement).click();
          (el as HTMLSelectElement).value = value;
          el.dispatchEvent(new Event('change', { bubbles: true }));
        },
        selectValue ?? null,
      );
    if (this.v.navigation === 'inpage') {
      const before = (await this.read()).rev;
      await fire();
      await this.page.waitForFunction(
        (rev) => {
          const now = (window as unknown as { __omniFuzz: PageState }).__omniFuzz;
          return now.rev > rev && !now.busy;
        },
        { polling: 'mutation', timeout: 15_000 },
        before,
      );
    } else {
      await Promise.all([this.page.waitForNavigation({ waitUntil: 'load', timeout: 15_000 }), fire()]);
      this.pageLoads++;
    }
  }

  private async openList(tab: string, subTab: string): Promise<void> {
    if ((await this.read()).state.tab !== tab) await this.act(this.by(`tab:${tab}`));
    if ((await this.read()).state.subTab !== subTab) await this.act(this.by(`sub:${subTab}`));
  }

  /** The rows shown: each row's key and whether it is ticked. */
  private rows(): Promise<Array<{ key: string; ticked: boolean }>> {
    return this.page.evaluate(
      (keyAttr, tickKind) =>
        Array.from(document.querySelectorAll(`[${keyAttr}]`)).map((row) => ({
          key: row.getAttribute(keyAttr) ?? '',
          ticked:
            tickKind === 'aria-selected-row'
              ? row.getAttribute('aria-selected') === 'true'
              : tickKind === 'aria-checkbox'
                ? row.querySelector('[role="checkbox"]')?.getAttribute('aria-checked') === 'true'
                : (row.querySelector('input[type="checkbox"]') as HTMLInputElement | null)?.checked === true,
        })),
      this.v.names.key,
      this.v.ticks.kind,
    );
  }

  /** Ticks these rows: with the select-all when that means every row, else one by one. */
  private async tick(keys: string[]): Promise<void> {
    const rows = await this.rows();
    const all = keys.length === rows.length;
    const clicked = await this.page.evaluate(
      (names, tickKind, wanted, useSelectAll) => {
        const selectAll = document.querySelector(`[${names.cmd}="select-all"]`);
        if (useSelectAll && selectAll) {
          const on = selectAll.matches('input')
            ? (selectAll as HTMLInputElement).checked
            : selectAll.getAttribute('aria-checked') === 'true';
          if (on) return 0;
          ((selectAll.closest('label') ?? selectAll) as HTMLElement).click();
          return 1;
        }
        const target =
          tickKind === 'native'
            ? 'input[type="checkbox"]'
            : tickKind === 'hidden-native'
              ? `label.${names.tickClass}`
              : tickKind === 'aria-checkbox'
                ? '[role="checkbox"]'
                : `.${names.tickClass}`;
        let n = 0;
        for (const row of Array.from(document.querySelectorAll(`[${names.key}]`))) {
          if (!wanted.includes(row.getAttribute(names.key) ?? '')) continue;
          (row.querySelector(target) as HTMLElement).click();
          n++;
        }
        return n;
      },
      this.v.names,
      this.v.ticks.kind,
      keys.filter((key) => !rows.find((r) => r.key === key)?.ticked),
      all,
    );
    this.clicks += clicked;
  }

  /** Presses an upload control, and confirms the dialog it opens. */
  private async upload(control: string): Promise<void> {
    const selector = this.by(`ctl:${control}`);
    if (!this.v.confirm.enabled) return this.act(selector);
    if (this.v.confirm.where === 'client') {
      this.clicks++;
      await this.page.$eval(selector, (el) => (el as HTMLElement).click());
    } else {
      await this.act(selector);
    }
    await this.act(this.by('confirm'));
  }

  private async exists(selector: string): Promise<boolean> {
    return (await this.page.$(selector)) !== null;
  }

  private done(list: string): Set<string> {
    let keys = this.submitted.get(list);
    if (!keys) {
      keys = new Set();
      this.submitted.set(list, keys);
    }
    return keys;
  }

  /** Uploads every row of the list not uploaded before, however the list pages. */
  private async uploadList(subTab: string, kind: 'transactions' | 'ticked'): Promise<void> {
    const done = this.done(subTab);
    const { state } = await this.read();
    const rowsNow = await this.rows();
    const onePage = state.pages <= 1 && rowsNow.length >= state.total;
    if (!onePage && this.v.pager.sizes && (await this.exists(this.by('size')))) {
      const largest = String(Math.max(...this.v.pager.sizes));
      const current = await this.page.$eval(this.by('size'), (el) => (el as HTMLSelectElement).value);
      if (current !== largest) {
        await this.act(this.by('size'), largest);
        return this.uploadList(subTab, kind);
      }
    }
    if (!onePage && this.v.pager.style === 'show-more') {
      while (await this.exists(this.by('more'))) await this.act(this.by('more'));
    }
    const pageThrough = !onePage && this.v.pager.style !== 'show-more';
    for (;;) {
      const fresh = (await this.rows()).map((r) => r.key).filter((key) => !done.has(key));
      if (fresh.length > 0) {
        await this.tick(fresh);
        const everything = onePage && fresh.length === rowsNow.length;
        await this.upload(kind === 'ticked' ? 'Upload' : everything ? 'Upload All' : 'Upload Selected');
        for (const key of fresh) done.add(key);
        if (pageThrough) continue;
        return;
      }
      // Uploads only remove rows, so once a page holds nothing new the next one is where to look.
      const { state: now } = await this.read();
      const next = this.by(`page:${now.page + 1}`);
      if (!pageThrough || now.page >= now.pages || !(await this.exists(next))) return;
      await this.act(next);
    }
  }

  async sync(step: HumanStep): Promise<void> {
    await this.openList(step.tab, step.subTab);
    switch (step.kind) {
      case 'read-only':
        return;
      case 'cogs':
        await this.act(this.by('ctl:Refresh Data'));
        await this.act(this.by('ctl:Update All'));
        return;
      case 'transactions':
        return this.uploadList(step.subTab, 'transactions');
      case 'contacts':
      case 'upload-ticked':
        return this.uploadList(step.subTab, 'ticked');
    }
  }
}

/** Syncs the lists in `order` on the fuzz rendering of `seed` in `page`, as an instant careful person. */
export async function fuzzHumanSyncAll(
  page: Page,
  seed: number,
  order: HumanStep[],
): Promise<{ clicks: number; pageLoads: number }> {
  const human = new FuzzHuman(page, variantFor(seed));
  await human.open();
  for (const step of order) await human.sync(step);
  return { clicks: human.clicks, pageLoads: human.pageLoads };
}
