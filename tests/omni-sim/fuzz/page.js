// The fuzz renderings' page script (vanilla JS, served as is). One script serves every variant: it reads the
// variant's wiring (attribute, field and class names) from the page's config and does what the dashboard does
// in the browser: ticks and select-all, confirm dialogs, busy signals, toasts that vanish, and navigation —
// an in-place swap of server-rendered HTML (in-page), a form post (post; uploads on GET dashboards) or a link.
(() => {
  const config = JSON.parse(document.getElementById(document.currentScript.dataset.config).textContent);
  const app = document.getElementById(config.app);
  const form = app.closest('form');
  const byCmd = (value) => `[${config.cmd}="${CSS.escape(value)}"]`;
  const st = { busy: false, rev: 0, dialog: null, state: readState(), restore: null };

  function readState() {
    const el = document.getElementById(config.stateScript);
    return el ? JSON.parse(el.textContent) : null;
  }

  // What a scripted person (tests/omni-sim/fuzz/human.ts) reads instead of watching the screen.
  function publish() {
    window.__omniFuzz = { busy: st.busy, rev: st.rev, state: st.state };
  }

  function fragment(html) {
    const template = document.createElement('template');
    template.innerHTML = html;
    return template.content;
  }

  const rows = () => [...app.querySelectorAll(`[${config.key}]`)];

  function isTicked(row) {
    if (config.tickKind === 'aria-selected-row') return row.getAttribute('aria-selected') === 'true';
    if (config.tickKind === 'aria-checkbox')
      return row.querySelector('[role="checkbox"]')?.getAttribute('aria-checked') === 'true';
    return row.querySelector('input[type="checkbox"]')?.checked === true;
  }

  function setTicked(row, on) {
    if (config.tickKind === 'aria-selected-row') row.setAttribute('aria-selected', String(on));
    else if (config.tickKind === 'aria-checkbox')
      row.querySelector('[role="checkbox"]')?.setAttribute('aria-checked', String(on));
    else {
      const box = row.querySelector('input[type="checkbox"]');
      if (box) box.checked = on;
    }
  }

  function syncSelectAll() {
    const all = rows();
    const on = all.length > 0 && all.every(isTicked);
    const el = app.querySelector(byCmd('select-all'));
    if (!el) return;
    if (el.matches('input')) el.checked = on;
    else el.setAttribute('aria-checked', String(on));
  }

  function tickAll(on) {
    for (const row of rows()) setTicked(row, on);
  }

  const tickedKeys = () =>
    rows()
      .filter(isTicked)
      .map((row) => row.getAttribute(config.key));

  function toggleAriaBox(box) {
    const on = box.getAttribute('aria-checked') !== 'true';
    box.setAttribute('aria-checked', String(on));
    if (box.getAttribute(config.cmd) === 'select-all') tickAll(on);
    else syncSelectAll();
  }

  const timedToasts = new WeakSet();
  function startToasts() {
    for (const toast of app.querySelectorAll(`.${config.toastClass}`)) {
      if (timedToasts.has(toast)) continue;
      timedToasts.add(toast);
      setTimeout(() => toast.remove(), config.toastMs);
    }
  }

  function busyOn() {
    st.busy = true;
    publish();
    if (config.ariaBusy) app.setAttribute('aria-busy', 'true');
    if (!config.templates.busy) return;
    const region = app.querySelector(`.${config.listRegion}`) ?? app;
    const signal = fragment(config.templates.busy);
    if (config.busyReplaces) {
      st.restore = { region, children: [...region.childNodes] };
      region.replaceChildren(signal);
    } else {
      st.restore = { region, added: [...signal.childNodes] };
      region.append(signal);
    }
  }

  function busyOff() {
    app.removeAttribute('aria-busy');
    const restore = st.restore;
    st.restore = null;
    if (!restore) return;
    if (restore.children) restore.region.replaceChildren(...restore.children);
    else for (const node of restore.added) node.remove();
  }

  function showError(text) {
    const message = fragment(config.templates.message);
    message.querySelector('.msg-text').textContent = text;
    (app.querySelector('.list-panel') ?? app).prepend(message);
    startToasts();
  }

  function swap(html, keep) {
    app.innerHTML = html;
    app.removeAttribute('aria-busy');
    st.restore = null;
    st.state = readState();
    if (st.state) history.replaceState(null, '', st.state.url);
    if (keep) {
      for (const row of rows()) if (keep.has(row.getAttribute(config.key))) setTicked(row, true);
      syncSelectAll();
    }
    startToasts();
  }

  async function sendInpage(command, extra) {
    // "Show more" keeps what was ticked; every other command starts the list afresh.
    const keep = command === 'more' ? new Set(tickedKeys()) : null;
    const body = JSON.stringify({ cmd: command, state: st.state, selected: tickedKeys(), ...extra });
    busyOn();
    try {
      const response = await fetch(config.panelUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      if (response.status === 401) {
        location.href = `${config.loginUrl}?ReturnUrl=${encodeURIComponent(location.pathname + location.search)}`;
        return;
      }
      const html = await response.text();
      if (response.ok) {
        swap(html, keep);
      } else {
        busyOff();
        showError(
          `Server Error: ${response.status} ${response.statusText || 'Internal Server Error'}. The request could not be completed.`,
        );
      }
    } catch (error) {
      busyOff();
      showError(`The request could not be completed: ${error.message}`);
    }
    st.busy = false;
    st.rev += 1;
    publish();
  }

  function send(command, extra = {}) {
    if (config.mode === 'inpage') return void sendInpage(command, extra);
    form.elements[config.eventField].value = command;
    // Native checkboxes post themselves; ARIA ones are carried in a hidden field.
    if (config.tickKind === 'aria-checkbox' || config.tickKind === 'aria-selected-row') {
      form.elements[config.selField].value = tickedKeys().join('\n');
    }
    form.elements[config.confirmField].value = extra.confirm ?? '';
    // The form's data is taken when it is submitted; a busy signal may then replace the grid.
    form.submit();
    busyOn();
  }

  function openDialog(command, html) {
    const holder = document.createElement('div');
    holder.append(fragment(html));
    document.body.append(holder);
    const confirm = holder.querySelector(byCmd('confirm'));
    st.dialog = { command, holder, label: confirm.textContent.trim() };
    confirm.focus();
  }

  function closeDialog() {
    st.dialog?.holder.remove();
    st.dialog = null;
  }

  function run(command, el) {
    if (st.busy) return;
    if (command === 'dismiss') return void el?.parentElement?.remove();
    if (st.dialog && (command === 'confirm' || command === 'cancel')) {
      const { command: pending, label } = st.dialog;
      closeDialog();
      if (command === 'confirm') send(pending, { confirm: label });
      return;
    }
    const dialog = config.templates.dialogs[command];
    if (dialog) return openDialog(command, dialog);
    if (command === 'size') {
      if (config.mode === 'get') {
        const url = new URL(st.state.sizeUrl, location.href);
        url.searchParams.set(st.state.sizeParam, el.value);
        location.href = url.href;
        return;
      }
      return send(command, { size: Number(el.value) });
    }
    send(command);
  }

  // javascript: links and onclick attributes call this, as WebForms pages call __doPostBack.
  window[config.fn] = (command) => run(command, null);

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const box = target.closest('[role="checkbox"]');
    if (box && app.contains(box)) {
      event.preventDefault();
      toggleAriaBox(box);
      return;
    }
    const el = target.closest(`[${config.cmd}]`);
    if (el) {
      // Checkboxes and selects act on "change"; inline handlers and javascript: links call the global.
      if (el.matches('input[type="checkbox"], select') || el.hasAttribute('onclick')) return;
      const href = el.getAttribute('href');
      if (href?.startsWith('javascript:')) return;
      if (config.mode === 'get' && el.matches('a') && href && href !== '#') return;
      event.preventDefault();
      if (el.matches(':disabled, [aria-disabled="true"]')) return;
      run(el.getAttribute(config.cmd), el);
      return;
    }
    if (config.tickKind === 'aria-selected-row') {
      const row = target.closest(`[${config.key}]`);
      const control = target.closest('a, button, input, select, label, textarea, [role="button"]');
      if (row && app.contains(row) && !control) {
        setTicked(row, !isTicked(row));
        syncSelectAll();
      }
    }
  });

  document.addEventListener('change', (event) => {
    const el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    if (el.matches('input[type="checkbox"]')) {
      if (el.getAttribute(config.cmd) === 'select-all') tickAll(el.checked);
      else syncSelectAll();
      return;
    }
    const command = el.getAttribute(config.cmd);
    if (!command || st.busy) return;
    if ((command.startsWith('dni:') && el.value === 'DoNotImport') || command === 'size') run(command, el);
  });

  document.addEventListener('keydown', (event) => {
    const el = event.target instanceof Element ? event.target : null;
    if (!el || (event.key !== ' ' && event.key !== 'Enter')) return;
    if (el.matches('[role="checkbox"]') && event.key === ' ') {
      event.preventDefault();
      if (app.contains(el)) toggleAriaBox(el);
    } else if (el.matches('[role="button"], li[role="tab"], li[onclick]')) {
      event.preventDefault();
      el.click();
    }
  });

  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const command = event.submitter?.getAttribute(config.cmd);
    if (command) run(command, event.submitter);
  });

  startToasts();
  publish();
})();
