// Seeded renderings of the Accounting Dashboard V2. SPEC §2 "What is NOT known" lists what Omni's real page
// may look like; every one of those unknowns is a dimension here, and a seed picks one value of each, so
// seed N always renders the same way and hundreds of seeds cover combinations nobody wrote by hand.

export type NavigationKind = 'inpage' | 'post' | 'get';
export type StripKind = 'aria-tabs' | 'links-current' | 'buttons-class' | 'list-items' | 'telerik';
export type CountStyle = 'parens' | 'badge' | 'suffix' | 'none';
export type LabelCase = 'as-is' | 'upper' | 'lower';
export type HeadingKind = 'h1' | 'h2' | 'aria-heading' | 'title-div';
export type HeadingWording =
  | 'v2-dashboard'
  | 'dashboard-dash'
  | 'provider-v2'
  | 'accounting-paren'
  | 'dot-v2';
export type GridKind = 'table' | 'table-no-thead' | 'aria-grid' | 'aria-table';
export type HeaderWording = 'model' | 'synonyms' | 'opaque' | 'icons';
export type TickKind = 'native' | 'hidden-native' | 'aria-checkbox' | 'aria-selected-row';
export type TickName = 'none' | 'select-row' | 'select-ref' | 'title' | 'label';
export type TickSide = 'model' | 'left' | 'right' | 'mixed';
export type SelectAllPlacement = 'header' | 'above' | 'below' | 'none';
export type ButtonKind =
  | 'button'
  | 'input'
  | 'link-hash'
  | 'link-js'
  | 'role-button'
  | 'icon-text'
  | 'icon-aria';
export type ToolbarPlacement = 'above' | 'below' | 'split';
export type BusyKind = 'overlay' | 'aria-busy' | 'progressbar' | 'overlay+aria-busy' | 'none';
export type ResultKind = 'message' | 'toast' | 'status' | 'alert';
export type DialogKind = 'role-dialog' | 'alertdialog' | 'native-dialog' | 'plain-div';
export type PagerStyle = 'none' | 'numbered' | 'next-prev' | 'show-more';
export type PagerInfo = 'page-of' | 'range' | 'showing' | 'items' | 'none';

export interface StripVariant {
  kind: StripKind;
  /** aria-tabs: the element that carries role=tab. */
  tabElement: 'button' | 'a' | 'li';
  /** The class on the selected item; links-current / buttons-class / list-items may show selection by it alone. */
  selectedClass: string;
  ariaCurrent: 'page' | 'true' | null;
  ariaPressed: boolean;
  /** list-items: an onclick attribute on each <li> rather than one delegated listener. */
  inlineHandler: boolean;
  counts: CountStyle;
  labelCase: LabelCase;
  /** Labels keep the template's stray whitespace and line breaks. */
  padded: boolean;
}

export interface RenderingVariant {
  seed: number;
  navigation: NavigationKind;
  tabs: StripVariant;
  subTabs: StripVariant;
  heading: { kind: HeadingKind; wording: HeadingWording };
  grid: {
    kind: GridKind;
    rowNumbers: boolean;
    /** A "View" icon button per row (a control automation must never press). */
    viewButtons: boolean;
    /** Contacts' Search: a link in its own column, or an icon button in the actions column. */
    search: 'column' | 'icon';
    /** Layout tables or wrapper divs around the grid. */
    wrappers: 0 | 1 | 2;
    wrapperKind: 'layout-table' | 'div';
    /** A small unrelated table (no checkboxes) that is not the list. */
    decoy: 'summary' | 'legend' | null;
    decoyPlacement: 'above' | 'below';
    emptyText: string;
    emptyPlacement: 'in-grid' | 'instead-of-grid';
    gridClass: string;
  };
  headers: { wording: HeaderWording; labelCase: LabelCase; padded: boolean; actionsHeader: '' | 'Actions' };
  ticks: { kind: TickKind; name: TickName; side: TickSide };
  selectAll: { placement: SelectAllPlacement; label: string | null; aria: boolean };
  buttons: { kind: ButtonKind | 'mixed'; labelCase: 'as-is' | 'upper'; toolbar: ToolbarPlacement };
  busy: { kind: BusyKind; text: string; placement: 'cover' | 'replace' };
  results: {
    kind: ResultKind;
    /** The element of a plain page message. */
    tag: 'div' | 'p';
    placement: 'top' | 'above-grid' | 'below-grid';
    dismissible: boolean;
  };
  confirm: {
    /** Upload controls open a confirm dialog (SimSettings.confirmUploads also turns it on). */
    enabled: boolean;
    kind: DialogKind;
    title: string;
    confirmLabel: 'OK' | 'Confirm' | 'Yes' | 'Yes, upload';
    cancelLabel: 'Cancel' | 'No';
    /** server: the press renders a page with the dialog open (post navigation only). */
    where: 'client' | 'server';
  };
  pager: {
    style: PagerStyle;
    pageSize: number;
    /** Page-size choices, or null for no page-size select. */
    sizes: number[] | null;
    sizeLabel: string;
    info: PagerInfo;
    current: 'aria-current' | 'class' | 'text';
    arrows: 'words' | 'symbols' | 'both' | 'none';
    moreLabel: string;
    hideSinglePage: boolean;
    placement: 'above' | 'below' | 'tfoot';
    element: 'button' | 'link';
  };
  extras: { disconnect: boolean; syncAll: 'button' | 'link' | 'split-button' };
  /** How behaviour is wired: attribute, field, parameter and class names, all different per seed. */
  names: {
    app: string;
    cmd: string;
    key: string;
    keyStyle: 'ref' | 'token';
    tokenPrefix: string;
    tickClass: string;
    toastClass: string;
    listRegionClass: string;
    stateScript: string;
    configScript: string;
    scriptFile: string;
    eventField: string;
    stateField: string;
    checkField: string;
    selField: string;
    confirmField: string;
    sizeField: string;
    statusField: string;
    submitPrefix: string;
    globalFn: string;
    query: { tab: string; subTab: string; page: string; size: string; shown: string };
    querySlugs: boolean;
  };
}

/** mulberry32: tiny, fast, and good enough to spread choices evenly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string mixed with the seed: per-seed choices for one list or control. */
export function mix(seed: number, salt: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < salt.length; i++) {
    h ^= salt.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Picker {
  pick<T>(values: readonly T[]): T;
  chance(p: number): boolean;
}

export function picker(seed: number): Picker {
  const next = prng(seed);
  return {
    pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T,
    chance: (p: number) => next() < p,
  };
}

function strip(r: Picker, navigation: NavigationKind, first: boolean): StripVariant {
  const kind = r.pick<StripKind>(['aria-tabs', 'links-current', 'buttons-class', 'list-items', 'telerik']);
  return {
    kind,
    // A GET dashboard's tabs are links whatever they look like.
    tabElement: navigation === 'get' ? 'a' : r.pick(['button', 'a', 'li'] as const),
    selectedClass:
      kind === 'telerik' ? 'rtsSelected' : r.pick(['active', 'is-selected', 'current', 'selected', 'on']),
    ariaCurrent: kind === 'links-current' ? r.pick(['page', 'true'] as const) : null,
    ariaPressed: kind === 'buttons-class' && r.chance(0.4),
    inlineHandler: r.chance(0.5),
    // The first row carries only the Errors badge (SPEC: red count badge), so it never goes without.
    counts: first
      ? r.pick<CountStyle>(['parens', 'badge', 'suffix'])
      : r.pick<CountStyle>(['parens', 'badge', 'suffix', 'none']),
    labelCase: r.pick<LabelCase>(['as-is', 'as-is', 'upper', 'lower']),
    padded: r.chance(0.3),
  };
}

/** One value from each pool, no two alike (e.g. query parameter names that must not clash). */
function distinct(r: Picker, pools: string[][]): string[] {
  const used = new Set<string>();
  return pools.map((pool) => {
    const free = pool.filter((v) => !used.has(v));
    const value = r.pick(free);
    used.add(value);
    return value;
  });
}

export function variantFor(seed: number): RenderingVariant {
  const r = picker(mix(seed, 'variant'));
  const navigation = r.pick<NavigationKind>(['inpage', 'post', 'get']);
  const tickKind = r.pick<TickKind>(['native', 'hidden-native', 'aria-checkbox', 'aria-selected-row']);
  // aria-selected is a state of rows in a grid; a role=table row cannot be selected.
  let gridKind = r.pick<GridKind>(['table', 'table-no-thead', 'aria-grid', 'aria-table']);
  if (tickKind === 'aria-selected-row' && gridKind === 'aria-table') gridKind = 'aria-grid';
  // Rows without a checkbox column have no header cell to hold a select-all.
  const placements: SelectAllPlacement[] =
    tickKind === 'aria-selected-row'
      ? ['above', 'below', 'none']
      : ['header', 'header', 'above', 'below', 'none'];
  const selectAllPlacement = r.pick(placements);
  const selectAllLabel =
    selectAllPlacement === 'header'
      ? r.pick([null, 'Select all', 'All', 'Check all'])
      : r.pick(['Select all', 'All', 'Check all', 'Select all rows']);
  const pagerStyle = r.pick<PagerStyle>(['none', 'numbered', 'next-prev', 'show-more']);
  const pageSize = r.pick([3, 4, 5, 6, 8, 10, 15, 20, 25, 50]);
  const sizeChoices = r.pick([
    [5, 10, 25, 50, 100],
    [10, 20, 50, 100],
    [10, 25, 50],
    [20, 50, 100, 200],
  ]);
  const hasSizes = pagerStyle !== 'none' && pagerStyle !== 'show-more' && r.chance(0.5);
  const [qTab, qSub, qPage, qSize, qShown] = distinct(r, [
    ['tab', 't', 'section', 'view'],
    ['subTab', 'sub', 'list', 'st'],
    ['page', 'p', 'pg'],
    ['size', 'pageSize', 'rows', 'ps'],
    ['shown', 'more', 'n', 'loaded'],
  ]) as [string, string, string, string, string];
  const [checkField, selField] = distinct(r, [
    ['chkRow', 'selected', 'ids', 'row'],
    ['selectedKeys', '__SELECTED', 'sel', 'checkedRows'],
  ]) as [string, string];
  return {
    seed,
    navigation,
    tabs: strip(r, navigation, true),
    subTabs: strip(r, navigation, false),
    heading: {
      kind: r.pick<HeadingKind>(['h1', 'h1', 'h2', 'aria-heading', 'title-div']),
      wording: r.pick<HeadingWording>([
        'v2-dashboard',
        'dashboard-dash',
        'provider-v2',
        'accounting-paren',
        'dot-v2',
      ]),
    },
    grid: {
      kind: gridKind,
      rowNumbers: r.chance(0.35),
      viewButtons: r.chance(0.4),
      search: r.pick(['column', 'icon'] as const),
      wrappers: r.pick([0, 1, 2] as const),
      wrapperKind: r.pick(['layout-table', 'div'] as const),
      decoy: r.pick([null, null, 'summary', 'legend'] as const),
      decoyPlacement: r.pick(['above', 'below'] as const),
      emptyText: r.pick([
        'No records to display.',
        'No items to display',
        'There are no items to upload.',
        'Nothing here yet',
      ]),
      emptyPlacement: r.pick(['in-grid', 'in-grid', 'instead-of-grid'] as const),
      gridClass: r.pick(['grid', 'data-table', 'rgMasterTable', 'k-grid-table', 'table table-striped']),
    },
    headers: {
      wording: r.pick<HeaderWording>(['model', 'synonyms', 'synonyms', 'opaque', 'icons']),
      labelCase: r.pick<LabelCase>(['as-is', 'as-is', 'upper', 'lower']),
      padded: r.chance(0.3),
      actionsHeader: r.pick(['', 'Actions'] as const),
    },
    ticks: {
      kind: tickKind,
      name: r.pick<TickName>(['none', 'select-row', 'select-ref', 'title', 'label']),
      side: r.pick<TickSide>(['model', 'model', 'left', 'right', 'mixed']),
    },
    selectAll: {
      placement: selectAllPlacement,
      label: selectAllLabel,
      // Usually the same kind as the rows' checkboxes; ARIA rows get an ARIA select-all.
      aria:
        tickKind === 'aria-checkbox' || tickKind === 'aria-selected-row' ? !r.chance(0.2) : r.chance(0.15),
    },
    buttons: {
      kind: r.pick<ButtonKind | 'mixed'>([...BUTTON_KINDS, 'mixed']),
      labelCase: r.pick(['as-is', 'as-is', 'upper'] as const),
      toolbar: r.pick<ToolbarPlacement>(['above', 'above', 'below', 'split']),
    },
    busy: {
      kind: r.pick<BusyKind>(['overlay', 'aria-busy', 'progressbar', 'overlay+aria-busy', 'none']),
      text: r.pick(['Loading…', 'Please wait', 'Uploading…', 'Working…']),
      placement: r.pick(['cover', 'replace'] as const),
    },
    results: {
      kind: r.pick<ResultKind>(['message', 'toast', 'status', 'alert']),
      // Drawn apart from the main sequence, so that adding it changed no other seed's choices.
      tag: mix(seed, 'message-tag') % 2 === 0 ? 'div' : 'p',
      placement: r.pick(['top', 'above-grid', 'below-grid'] as const),
      dismissible: r.chance(0.3),
    },
    confirm: {
      enabled: r.chance(0.4),
      kind: r.pick<DialogKind>(['role-dialog', 'alertdialog', 'native-dialog', 'plain-div']),
      title: r.pick(['Confirm upload', 'Confirm', 'Are you sure?', 'Upload items']),
      confirmLabel: r.pick(['OK', 'Confirm', 'Yes', 'Yes, upload'] as const),
      cancelLabel: r.pick(['Cancel', 'No'] as const),
      where: navigation === 'post' && r.chance(0.5) ? 'server' : 'client',
    },
    pager: {
      style: pagerStyle,
      pageSize,
      sizes: hasSizes ? [...new Set([pageSize, ...sizeChoices])].sort((a, b) => a - b) : null,
      sizeLabel: r.pick(['Page size:', 'Rows per page', 'Show', 'Items per page:']),
      info: r.pick<PagerInfo>(['page-of', 'range', 'showing', 'items', 'none']),
      current: r.pick(['aria-current', 'class', 'text'] as const),
      arrows:
        pagerStyle === 'next-prev'
          ? r.pick(['words', 'symbols', 'both'] as const)
          : r.pick(['words', 'symbols', 'both', 'none'] as const),
      moreLabel: r.pick(['Show more', 'Load more', 'More…']),
      hideSinglePage: r.chance(0.5),
      placement: r.pick(['above', 'below', 'below', 'tfoot'] as const),
      element: navigation === 'get' ? 'link' : r.pick(['button', 'link'] as const),
    },
    extras: {
      disconnect: r.chance(0.5),
      syncAll: r.pick(['button', 'link', 'split-button'] as const),
    },
    names: {
      app: r.pick(['accounting-app', 'dashboard', 'app-root', 'MainContent_upPanel', 'omni-acc-v2']),
      cmd: r.pick(['data-cmd', 'data-action', 'data-command', 'data-op', 'data-act', 'data-do']),
      key: r.pick(['data-key', 'data-id', 'data-row-key', 'data-item', 'data-rowid', 'data-ref']),
      keyStyle: r.pick(['ref', 'token'] as const),
      tokenPrefix: r.pick(['r', 'row_', 'k-', 'item']),
      tickClass: r.pick(['row-check', 'sel', 'chk', 'tick', 'rowbox']),
      toastClass: r.pick(['toast', 'notification', 'snackbar', 'growl']),
      listRegionClass: r.pick(['list-region', 'grid-wrap', 'panel-body', 'content-area']),
      stateScript: r.pick(['dashboard-state', 'acc-state', 'page-state', 'viewModel']),
      configScript: r.pick(['dashboard-config', 'acc-config', 'app-settings', 'omniConfig']),
      scriptFile: r.pick(['AccountingDashboard', 'acc-v2.bundle', 'dashboard.min', 'app']),
      eventField: r.pick(['__EVENTTARGET', 'evt', '__action', 'cmd']),
      stateField: r.pick(['__VIEWSTATE', '__STATE', 'viewState', 'ps']),
      checkField,
      selField,
      confirmField: r.pick(['confirmed', '__CONFIRM', 'ok']),
      sizeField: r.pick(['pageSizeSelect', 'ddlPageSize', 'ps_size', 'perPage']),
      statusField: r.pick(['ddlStatus_', 'status_', 'importStatus.']),
      submitPrefix: r.pick(['ctl00$Main$btn$', 'btn_', 'action:']),
      globalFn: navigation === 'post' ? '__doPostBack' : r.pick(['accGo', 'dashboardNav', '__doPostBack']),
      query: { tab: qTab, subTab: qSub, page: qPage, size: qSize, shown: qShown },
      querySlugs: r.chance(0.5),
    },
  };
}

/** The checkbox side of one list: chosen per list for `mixed`, so one dashboard can have both. */
export function checkboxSideFor(
  variant: RenderingVariant,
  list: string,
  modelSide: 'left' | 'right',
): 'left' | 'right' {
  switch (variant.ticks.side) {
    case 'model':
      return modelSide;
    case 'mixed':
      return mix(variant.seed, `side:${list}`) % 2 === 0 ? 'left' : 'right';
    default:
      return variant.ticks.side;
  }
}

const BUTTON_KINDS: ButtonKind[] = [
  'button',
  'input',
  'link-hash',
  'link-js',
  'role-button',
  'icon-text',
  'icon-aria',
];

export function buttonKindFor(variant: RenderingVariant, control: string): ButtonKind {
  if (variant.buttons.kind !== 'mixed') return variant.buttons.kind;
  return BUTTON_KINDS[mix(variant.seed, `button:${control}`) % BUTTON_KINDS.length]!;
}

/** The row identity the page carries: the reference itself, or an opaque token derived from it. */
export function rowKey(variant: RenderingVariant, ref: string): string {
  return variant.names.keyStyle === 'ref'
    ? ref
    : `${variant.names.tokenPrefix}${mix(variant.seed, `key:${ref}`).toString(36)}`;
}

export function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
