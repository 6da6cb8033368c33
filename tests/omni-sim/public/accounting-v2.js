// Omni simulator: the in-page Accounting Dashboard V2. Fetches the view as JSON and redraws in place.
(() => {
  const config = JSON.parse(document.getElementById('accounting-config').textContent);
  const app = document.getElementById('accounting-app');
  const state = { tab: '', subTab: '', page: 1, pageSize: null, checked: new Set(), view: null, busy: false };

  const esc = (value) =>
    String(value ?? '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    state.tab = params.get('tab') || '';
    state.subTab = params.get('subTab') || '';
  }

  function writeHash() {
    const params = new URLSearchParams({ tab: state.tab, subTab: state.subTab });
    history.replaceState(null, '', `#${params}`);
  }

  function showOverlay(text) {
    app.setAttribute('aria-busy', 'true');
    if (app.querySelector('.loading-overlay')) return;
    const overlay = document.createElement('div');
    overlay.className = 'loading-overlay';
    overlay.setAttribute('role', 'status');
    overlay.setAttribute('aria-live', 'polite');
    overlay.textContent = text;
    app.appendChild(overlay);
  }

  function hideOverlay() {
    app.removeAttribute('aria-busy');
    for (const el of app.querySelectorAll('.loading-overlay')) el.remove();
  }

  async function handle(response) {
    if (response.status === 401) {
      location.href = `${config.login}?ReturnUrl=${encodeURIComponent(location.pathname + location.hash)}`;
      return null;
    }
    if (!response.ok) {
      return {
        error: `Server Error: ${response.status} ${response.statusText || 'Internal Server Error'}. The request could not be completed.`,
      };
    }
    return response.json();
  }

  async function load(tab, subTab, page, pageSize) {
    state.busy = true;
    showOverlay('Loading…');
    const params = new URLSearchParams({ tab, subTab, page: String(page) });
    if (pageSize) params.set('pageSize', String(pageSize));
    try {
      const result = await handle(await fetch(`${config.view}?${params}`, { credentials: 'same-origin' }));
      if (!result) return;
      if (result.error) return render(state.view, { kind: 'error', text: result.error });
      const changedList = result.tab !== state.tab || result.subTab !== state.subTab;
      if (changedList) state.checked.clear();
      render(result);
    } finally {
      state.busy = false;
    }
  }

  async function act(control, selected, overlayText) {
    state.busy = true;
    showOverlay(overlayText);
    const body = {
      control,
      tab: state.tab,
      subTab: state.subTab,
      selected,
      page: state.page,
      pageSize: state.pageSize,
    };
    try {
      const result = await handle(
        await fetch(config.action, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
      if (!result) return;
      if (result.error) return render(state.view, { kind: 'error', text: result.error });
      state.checked.clear();
      render(result.view, result.view.message);
    } finally {
      state.busy = false;
    }
  }

  function label(item) {
    return item.count === undefined ? item.label : `${item.label} (${item.count})`;
  }

  function render(view, message) {
    if (!view) return hideOverlay();
    state.view = view;
    state.tab = view.tab;
    state.subTab = view.subTab;
    state.page = view.pager ? view.pager.page : 1;
    state.pageSize = view.pager ? view.pager.pageSize : null;
    for (const ref of [...state.checked])
      if (!view.rows.some((r) => r.ref === ref)) state.checked.delete(ref);
    writeHash();

    const tabs = view.tabs
      .map(
        (t) =>
          `<button type="button" role="tab" class="tab" aria-selected="${t.selected}" tabindex="${t.selected ? 0 : -1}" data-tab="${esc(t.label)}">${esc(t.label)}${t.badge ? ` <span class="badge-error">${t.badge}</span>` : ''}</button>`,
      )
      .join('');
    const subTabs = view.subTabs
      .map(
        (s) =>
          `<button type="button" role="tab" class="tab" aria-selected="${s.selected}" tabindex="${s.selected ? 0 : -1}" data-subtab="${esc(s.label)}">${esc(label(s))}</button>`,
      )
      .join('');
    const buttons = view.controls
      .map(
        (c) =>
          `<button type="button" class="${c.startsWith('Upload') || c === 'Update All' ? 'primary' : ''}" data-control="${esc(c)}">${esc(c)}</button>`,
      )
      .join('');
    const allChecked = view.rows.length > 0 && view.rows.every((r) => state.checked.has(r.ref));
    const checkHeader = `<th class="check"><input type="checkbox" aria-label="Select all" data-select-all${allChecked ? ' checked' : ''}></th>`;
    const head = `${view.checkboxSide === 'left' ? checkHeader : ''}${view.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}${view.rowDelete ? '<th><span class="visually-hidden">Actions</span></th>' : ''}${view.checkboxSide === 'right' ? checkHeader : ''}`;
    const colspan = view.columns.length + (view.checkboxSide === 'none' ? 0 : 1) + (view.rowDelete ? 1 : 0);
    const rows = view.rows.length
      ? view.rows
          .map((row, i) => {
            const check = `<td class="check"><input type="checkbox" aria-label="Select ${esc(row.ref)}" data-ref="${esc(row.ref)}"${state.checked.has(row.ref) ? ' checked' : ''}></td>`;
            const cells = view.columns
              .map((col, c) => {
                const text = row.cells[c] ?? '';
                if (col === 'Status' && view.kind === 'txn') {
                  return `<td><select aria-label="Status" data-status="${esc(row.ref)}"><option value="Ready" selected>Ready to Import</option><option value="DoNotImport">Do Not Import</option></select></td>`;
                }
                if (col === 'Search' && view.kind === 'contacts') {
                  return `<td><a href="#" data-search="${esc(row.ref)}">Search</a></td>`;
                }
                if (col === 'Errors' && text) {
                  const icon = row.warning
                    ? '<span class="warn-icon" role="img" aria-label="Warning">⚠</span> '
                    : '';
                  return `<td class="${row.warning ? 'cell-warning' : 'cell-error'}">${icon}${esc(text)}</td>`;
                }
                return `<td>${esc(text)}</td>`;
              })
              .join('');
            const del = view.rowDelete
              ? `<td><button type="button" class="icon-button" aria-label="Delete" title="Delete" data-delete="${esc(row.ref)}"><img src="/Images/Grid/Delete.svg" alt="" width="14" height="14"></button></td>`
              : '';
            return `<tr class="${i % 2 ? 'alt' : ''}">${view.checkboxSide === 'left' ? check : ''}${cells}${del}${view.checkboxSide === 'right' ? check : ''}</tr>`;
          })
          .join('')
      : `<tr class="empty"><td colspan="${colspan}">${esc(view.emptyMessage)}</td></tr>`;
    let pager = '';
    if (view.pager) {
      const p = view.pager;
      const first = (p.page - 1) * p.pageSize + 1;
      const last = Math.min(p.total, p.page * p.pageSize);
      const nums = Array.from(
        { length: p.pages },
        (_, i) =>
          `<button type="button" data-page="${i + 1}"${i + 1 === p.page ? ' aria-current="page"' : ''}>${i + 1}</button>`,
      ).join('');
      pager = `<nav class="pager" aria-label="Pagination"><button type="button" data-page="${p.page - 1}" aria-label="Previous page"${p.page <= 1 ? ' disabled' : ''}>‹</button>${nums}<button type="button" data-page="${p.page + 1}" aria-label="Next page"${p.page >= p.pages ? ' disabled' : ''}>›</button> <label>Page size: <select data-page-size>${p.sizes.map((s) => `<option value="${s}"${s === p.pageSize ? ' selected' : ''}>${s}</option>`).join('')}</select></label> <span class="pager-info">${p.total === 0 ? '0 items' : `Page ${p.page} of ${p.pages}, items ${first} to ${last} of ${p.total}.`}</span></nav>`;
    }
    const msg = message
      ? `<div class="msg msg-${esc(message.kind)}" role="alert">${esc(message.text)}</div>`
      : '';
    app.innerHTML = `
<div class="dashboard-header">
  <h1>${esc(view.heading)}</h1>
  <span class="org">${esc(view.organisation)}</span>
  <a class="settings-cog" href="/Cloud/AccountingV2/Connect.aspx" aria-label="Settings" title="Settings">⚙</a>
  <div class="syncall"><button type="button" aria-haspopup="menu" aria-expanded="false" data-syncall-toggle>Sync All ▾</button>
    <div role="menu" hidden><button type="button" role="menuitem" data-syncall>Sync All Now</button>${view.autosync ? '<button type="button" role="menuitem" data-autosync>Autosync Settings</button>' : ''}</div></div>
</div>
${view.connected ? '' : `<div class="msg msg-error">${esc(view.providerName)} is not connected. <a href="/Cloud/AccountingV2/Connect.aspx">Connect to ${esc(view.providerName)}</a></div>`}
<div role="tablist" aria-label="Accounting" class="tabs">${tabs}</div>
<div role="tablist" aria-label="${esc(view.tab)}" class="tabs subtabs">${subTabs}</div>
<section role="tabpanel" aria-label="${esc(view.subTab)}" class="list-panel">
${msg}
<div class="toolbar">${buttons}</div>
<table class="grid"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
${pager}
</section>`;
    hideOverlay();
  }

  // What is ticked on screen, however it got ticked (a click, or a script setting .checked).
  function tickedRefs() {
    return [...app.querySelectorAll('input[data-ref]')]
      .filter((box) => box.checked)
      .map((box) => box.dataset.ref);
  }

  function openConfirm(control) {
    const text =
      control === 'Upload All'
        ? `Are you sure you want to upload all items to ${state.view.providerName}?`
        : `Are you sure you want to upload the selected items to ${state.view.providerName}?`;
    const backdrop = document.createElement('div');
    backdrop.className = 'dialog-backdrop';
    const dialog = document.createElement('div');
    dialog.className = 'dialog';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.innerHTML = `<h2 id="confirm-title">Confirm upload</h2><div class="dialog-body"><p>${esc(text)}</p><div class="buttons"><button type="button" class="primary" data-confirm="ok">OK</button><button type="button" data-confirm="cancel">Cancel</button></div></div>`;
    document.body.append(backdrop, dialog);
    const selected = tickedRefs();
    dialog.addEventListener('click', (event) => {
      const choice = event.target.closest('[data-confirm]')?.dataset.confirm;
      if (!choice) return;
      dialog.remove();
      backdrop.remove();
      if (choice === 'ok') void act(control, selected, 'Uploading…');
    });
  }

  app.addEventListener('click', (event) => {
    const target = event.target.closest('button, a, input');
    if (!target || state.busy) return;
    const d = target.dataset;
    if (d.tab !== undefined) return void load(d.tab, '', 1, state.pageSize);
    if (d.subtab !== undefined) return void load(state.tab, d.subtab, 1, state.pageSize);
    if (d.page !== undefined) return void load(state.tab, state.subTab, Number(d.page), state.pageSize);
    if (d.selectAll !== undefined) {
      for (const row of state.view.rows) {
        if (target.checked) state.checked.add(row.ref);
        else state.checked.delete(row.ref);
      }
      for (const box of app.querySelectorAll('input[data-ref]')) box.checked = target.checked;
      return;
    }
    if (d.ref !== undefined) {
      if (target.checked) state.checked.add(d.ref);
      else state.checked.delete(d.ref);
      const all = app.querySelector('input[data-select-all]');
      if (all)
        all.checked = state.view.rows.length > 0 && state.view.rows.every((r) => state.checked.has(r.ref));
      return;
    }
    if (d.syncallToggle !== undefined) {
      const menu = target.parentElement.querySelector('[role=menu]');
      menu.hidden = !menu.hidden;
      target.setAttribute('aria-expanded', String(!menu.hidden));
      return;
    }
    if (d.syncall !== undefined) return void act('Sync All', [], 'Uploading…');
    if (d.autosync !== undefined) return void act('Autosync Settings', [], 'Loading…');
    if (d.search !== undefined) {
      event.preventDefault();
      return void act('Search', [d.search], 'Loading…');
    }
    if (d.delete !== undefined) return void act('Delete', [d.delete], 'Loading…');
    if (d.control !== undefined) {
      const control = d.control;
      const isUpload = control.startsWith('Upload');
      if (isUpload && state.view.confirmUploads) return openConfirm(control);
      return void act(
        control,
        tickedRefs(),
        isUpload || control === 'Update All' ? 'Uploading…' : 'Loading…',
      );
    }
  });

  app.addEventListener('change', (event) => {
    const target = event.target;
    if (target.dataset.status !== undefined && target.value === 'DoNotImport') {
      void act('Do Not Import', [target.dataset.status], 'Loading…');
    }
    if (target.dataset.pageSize !== undefined) void load(state.tab, state.subTab, 1, Number(target.value));
  });

  readHash();
  void load(state.tab, state.subTab, 1, null);
})();
