// Omni's pages as HTML: the site chrome every page shares, the postback (WebForms/Telerik) rendering of the
// dashboard, and the other pages. The in-page rendering is drawn in the browser by public/accounting-v2.js.
import type { DashboardView } from './omni.ts';
import type { Provider } from './types.ts';

export const simPaths = {
  home: '/Cloud/Default.aspx',
  dashboard: '/Cloud/AccountingV2/Dashboard.aspx',
  connect: '/Cloud/AccountingV2/Connect.aspx',
  login: '/Login.aspx',
  v1Dashboard: '/Cloud/Xero/XeroIntegration.aspx',
  otherPage: '/Cloud/Sales/SalesOrders.aspx',
};

export const apiPaths = {
  view: '/Cloud/AccountingV2/api/view',
  action: '/Cloud/AccountingV2/api/action',
  script: '/Scripts/accounting-v2.js',
  css: '/Content/omni.css',
  deleteIcon: '/Images/Grid/Delete.svg',
};

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const PREFIX = 'ctl00$ContentPlaceHolder1$';
const ID_PREFIX = 'ctl00_ContentPlaceHolder1_';

/** The hidden fields ASP.NET round-trips; our view state is plain base64 JSON. */
export interface PostbackState {
  tab: string;
  subTab: string;
  page: number;
  pageSize: number | null;
  /** References of the rows rendered, in order: row checkbox ctlNN maps back to a reference. */
  rows: string[];
  /** A confirm dialog is open for this control. */
  pendingControl?: string;
  pendingSelected?: string[];
}

export function encodeViewState(state: PostbackState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64');
}

export function decodeViewState(value: string | undefined): PostbackState | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as PostbackState;
    return typeof parsed.tab === 'string' && Array.isArray(parsed.rows) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function rowCtl(index: number): string {
  return `ctl${String(4 + index * 2).padStart(2, '0')}`;
}

export function rowIndexFromCtl(ctl: string): number {
  return (Number(ctl.slice(3)) - 4) / 2;
}

interface LayoutOptions {
  title: string;
  provider: Provider;
  body: string;
  /** Which left-nav item is current. */
  current?: 'dashboard' | 'accounting' | 'v1' | 'sales' | 'settings';
  head?: string;
  user?: boolean;
}

export function layout(opts: LayoutOptions): string {
  const v2 = opts.provider === 'xero' ? 'Xero V2' : 'QuickBooks Online V2';
  const item = (href: string, label: string, key?: LayoutOptions['current']) =>
    `<li class="nav-item${key && key === opts.current ? ' active' : ''}"><a href="${esc(href)}">${esc(label)}</a></li>`;
  const nav = `
<nav class="sidebar" id="sidebar" aria-label="Main navigation">
  <ul class="nav-menu">
    ${item(simPaths.home, 'Dashboard', 'dashboard')}
    <li class="nav-group"><span class="nav-group-title">Sales</span>
      <ul>${item(simPaths.otherPage, 'Sales Orders', 'sales')}${item('/Cloud/Sales/Quotes.aspx', 'Quotes')}${item('/Cloud/Sales/Invoices.aspx', 'Invoices')}</ul></li>
    <li class="nav-group"><span class="nav-group-title">Purchases</span>
      <ul>${item('/Cloud/Purchases/PurchaseOrders.aspx', 'Purchase Orders')}${item('/Cloud/Purchases/Suppliers.aspx', 'Supplier Invoices')}</ul></li>
    <li class="nav-group"><span class="nav-group-title">Inventory</span>
      <ul>${item('/Cloud/Inventory/Products.aspx', 'Products')}${item('/Cloud/Inventory/Adjustments.aspx', 'Stock Adjustments')}</ul></li>
    ${item('/Cloud/Customers/Customers.aspx', 'Customers')}
    ${item('/Cloud/Suppliers/Suppliers.aspx', 'Suppliers')}
    ${item('/Cloud/Reports/Reports.aspx', 'Reports')}
    <li class="nav-group"><span class="nav-group-title">Accounting</span>
      <ul>${item(simPaths.dashboard, v2, 'accounting')}${item(simPaths.v1Dashboard, 'Xero', 'v1')}</ul></li>
    <li class="nav-group"><span class="nav-group-title">Settings</span>
      <ul>${item(simPaths.connect, 'Integrations', 'settings')}${item('/Cloud/Settings/Users.aspx', 'Users')}</ul></li>
  </ul>
</nav>`;
  const top = `
<header class="topbar">
  <a class="brand" href="${simPaths.home}"><span class="brand-mark">cin7</span> <span class="brand-name">Omni</span></a>
  <span class="company">Kiwi Outdoor Supplies Ltd</span>
  ${opts.user === false ? '' : `<span class="user">Sarah Mitchell</span> <a class="logout" href="${simPaths.login}">Log out</a>`}
</header>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(opts.title)} - Cin7 Omni</title>
<link rel="stylesheet" href="${apiPaths.css}">
${opts.head ?? ''}
</head>
<body>
${top}
<div class="page">
${opts.user === false ? '' : nav}
<main class="content" id="content">
${opts.body}
</main>
</div>
</body>
</html>`;
}

function postbackForm(action: string, state: PostbackState | undefined, inner: string): string {
  return `<form method="post" action="${esc(action)}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="${state ? esc(encodeViewState(state)) : '/wEPDwUKLTI2NjY5MzQ4Mg9kFgJmD2QWAgIDD2QWAgIBD2QWAmYPZBYCZg9kFgICAQ8PFgIeBFRleHQFBUhlbGxvZGRk'}">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="9E8A6F1C">
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAOmZ3cLJ7Hq8I0bA8M2u1+3">
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
  if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
    theForm.__EVENTTARGET.value = eventTarget;
    theForm.__EVENTARGUMENT.value = eventArgument;
    theForm.submit();
  }
}
//]]>
</script>
${inner}
</form>`;
}

function telerikStrip(id: string, items: string[], selected: number, level: 'Main' | 'Sub'): string {
  const lis = items
    .map((html, i) => {
      const cls = ['rtsLI', i === 0 ? 'rtsFirst' : '', i === items.length - 1 ? 'rtsLast' : '']
        .filter(Boolean)
        .join(' ');
      const linkCls = `rtsLink${i === selected ? ' rtsSelected' : ''}`;
      return `<li class="${cls}"><a class="${linkCls}" href="javascript:__doPostBack('${PREFIX}rts${level}','${i}')"><span class="rtsOut"><span class="rtsIn"><span class="rtsTxt">${html}</span></span></span></a></li>`;
    })
    .join('');
  return `<div id="${ID_PREFIX}${id}" class="RadTabStrip RadTabStrip_Default RadTabStripTop_Default"><div class="rtsLevel rtsLevel1"><ul class="rtsUL">${lis}</ul></div></div>`;
}

export function confirmText(control: string, provider: string): string {
  return control === 'Upload All'
    ? `Are you sure you want to upload all items to ${provider}?`
    : `Are you sure you want to upload the selected items to ${provider}?`;
}

/** The dashboard as ASP.NET WebForms with Telerik controls would serve it: every click is a full page load. */
export function postbackDashboard(view: DashboardView, state: PostbackState, checked: Set<string>): string {
  const tabs = telerikStrip(
    'rtsMain',
    view.tabs.map((t) =>
      t.badge ? `${esc(t.label)} <span class="rtsBadge badge-error">${t.badge}</span>` : esc(t.label),
    ),
    view.tabs.findIndex((t) => t.selected),
    'Main',
  );
  const subTabs = telerikStrip(
    'rtsSub',
    view.subTabs.map((s) => esc(s.count === undefined ? s.label : `${s.label} (${s.count})`)),
    view.subTabs.findIndex((s) => s.selected),
    'Sub',
  );
  const buttonId: Record<string, string> = {
    'Upload All': 'btnUploadAll',
    'Upload Selected': 'btnUploadSelected',
    Upload: 'btnUpload',
    'Refresh Data': 'btnRefreshData',
    'Update All': 'btnUpdateAll',
    Refresh: 'btnRefresh',
  };
  const buttons = view.controls
    .map((c) => {
      const id = buttonId[c] ?? 'btnAction';
      return `<input type="submit" name="${PREFIX}${id}" value="${esc(c)}" id="${ID_PREFIX}${id}" class="rbButton${c.startsWith('Upload') || c === 'Update All' ? ' rbPrimary' : ''}">`;
    })
    .join(' ');
  const message = view.message
    ? `<div id="${ID_PREFIX}pnlMessage" class="msg msg-${view.message.kind}"><span id="${ID_PREFIX}lblMessage">${esc(view.message.text)}</span></div>`
    : '';
  const hasCheck = view.checkboxSide !== 'none';
  const grid = `${ID_PREFIX}rgList_ctl00`;
  const checkHeader = `<th class="rgHeader rgCheck" scope="col"><input id="${grid}_ctl02_ctl01_chkSelectAll" type="checkbox" name="${PREFIX}rgList$ctl00$ctl02$ctl01$chkSelectAll" onclick="omniSelectAll(this)"></th>`;
  const headers = view.columns.map((c) => `<th class="rgHeader" scope="col">${esc(c)}</th>`).join('');
  const headRow = `${view.checkboxSide === 'left' ? checkHeader : ''}${headers}${view.rowDelete ? '<th class="rgHeader">&nbsp;</th>' : ''}${view.checkboxSide === 'right' ? checkHeader : ''}`;
  const colspan = view.columns.length + (hasCheck ? 1 : 0) + (view.rowDelete ? 1 : 0);
  const body =
    view.rows.length === 0
      ? `<tr class="rgNoRecords"><td colspan="${colspan}" style="text-align:left;"><div>${esc(view.emptyMessage)}</div></td></tr>`
      : view.rows
          .map((row, i) => {
            const ctl = rowCtl(i);
            const name = `${PREFIX}rgList$ctl00$${ctl}$`;
            const id = `${grid}_${ctl}_`;
            const check = `<td class="rgCheck"><input id="${id}chkSelect" type="checkbox" name="${name}chkSelect"${checked.has(row.ref) ? ' checked="checked"' : ''}></td>`;
            const cells = view.columns
              .map((col, c) => {
                const text = row.cells[c] ?? '';
                if (col === 'Status' && view.kind === 'txn') {
                  return `<td><select name="${name}ddlStatus" id="${id}ddlStatus" onchange="javascript:setTimeout('__doPostBack(\\'${name}ddlStatus\\',\\'\\')', 0)"><option selected="selected" value="Ready">Ready to Import</option><option value="DoNotImport">Do Not Import</option></select></td>`;
                }
                if (col === 'Search' && view.kind === 'contacts') {
                  return `<td><a id="${id}lnkSearch" href="javascript:__doPostBack('${name}lnkSearch','')">Search</a></td>`;
                }
                if (col === 'Errors' && text) {
                  const icon = row.warning
                    ? '<img src="/Images/Grid/Warning.svg" alt="Warning" class="warn-icon"> '
                    : '';
                  return `<td class="${row.warning ? 'cell-warning' : 'cell-error'}">${icon}${esc(text)}</td>`;
                }
                return `<td>${esc(text)}</td>`;
              })
              .join('');
            const del = view.rowDelete
              ? `<td><input type="image" name="${name}btnDelete" id="${id}btnDelete" title="Delete" alt="Delete" src="${apiPaths.deleteIcon}" class="rgDel"></td>`
              : '';
            const cls = i % 2 === 0 ? 'rgRow' : 'rgAltRow';
            return `<tr class="${cls}" id="${grid}__${i}">${view.checkboxSide === 'left' ? check : ''}${cells}${del}${view.checkboxSide === 'right' ? check : ''}</tr>`;
          })
          .join('\n');
  const pager = view.pager
    ? (() => {
        const p = view.pager;
        const link = (arg: string, text: string, title: string) =>
          `<a href="javascript:__doPostBack('${PREFIX}rgList','${arg}')" title="${title}">${text}</a>`;
        const nums = Array.from({ length: p.pages }, (_, i) =>
          i + 1 === p.page
            ? `<a class="rgCurrentPage" href="javascript:void(0)"><span>${i + 1}</span></a>`
            : link(`Page$${i + 1}`, `<span>${i + 1}</span>`, `Go to Page ${i + 1}`),
        ).join('');
        const first = (p.page - 1) * p.pageSize + 1;
        const last = Math.min(p.total, p.page * p.pageSize);
        const sizes = p.sizes
          .map((s) => `<option value="${s}"${s === p.pageSize ? ' selected="selected"' : ''}>${s}</option>`)
          .join('');
        return `<tfoot><tr class="rgPager"><td colspan="${colspan}"><div class="rgWrap rgArrPart1">${link('Page$First', '«', 'First Page')}${link('Page$Prev', '‹', 'Previous Page')}</div><div class="rgWrap rgNumPart">${nums}</div><div class="rgWrap rgArrPart2">${link('Page$Next', '›', 'Next Page')}${link('Page$Last', '»', 'Last Page')}</div><div class="rgWrap rgAdvPart"><label for="${ID_PREFIX}ddlPageSize">Page size:</label> <select id="${ID_PREFIX}ddlPageSize" name="${PREFIX}ddlPageSize" onchange="__doPostBack('${PREFIX}rgList','PageSize')">${sizes}</select></div><div class="rgWrap rgInfoPart">${p.total === 0 ? '0 items' : `Page ${p.page} of ${p.pages}, items ${first} to ${last} of ${p.total}.`}</div></td></tr></tfoot>`;
      })()
    : '';
  const dialog = state.pendingControl
    ? `<div class="RadWindow rwNormalWindow" id="RadWindowWrapper_${ID_PREFIX}rwConfirm"><div class="rwTitlebar"><em>Confirm</em></div><div class="rwDialogPopup"><div class="rwDialogText">${esc(confirmText(state.pendingControl, view.providerName))}</div><div class="rwButtons"><input type="submit" name="${PREFIX}btnConfirmOk" value="OK" id="${ID_PREFIX}btnConfirmOk" class="rbButton rbPrimary"> <input type="submit" name="${PREFIX}btnConfirmCancel" value="Cancel" id="${ID_PREFIX}btnConfirmCancel" class="rbButton"></div></div></div><div class="TelerikModalOverlay"></div>`
    : '';
  const inner = `
<div class="dashboard-header">
  <h1 id="${ID_PREFIX}lblTitle">${esc(view.heading)}</h1>
  <span class="org">${esc(view.organisation)}</span>
  <a id="${ID_PREFIX}hlSettings" class="settings-cog" href="${simPaths.connect}" title="Settings"><img src="/Images/cog.svg" alt="Settings"></a>
  <div class="syncall RadButton"><a id="${ID_PREFIX}btnSyncAll" class="rbSplitButton" href="javascript:__doPostBack('${PREFIX}btnSyncAll','')"><span class="rbText">Sync All</span><span class="rbSplitRight">&#9662;</span></a></div>
</div>
${view.connected ? '' : `<div id="${ID_PREFIX}pnlNotConnected" class="msg msg-error">${esc(view.providerName)} is not connected. <a href="${simPaths.connect}">Connect to ${esc(view.providerName)}</a></div>`}
${tabs}
${subTabs}
<div id="${ID_PREFIX}pnlList" class="RadMultiPage">
${message}
<div class="toolbar">${buttons}</div>
<div id="${ID_PREFIX}rgList" class="RadGrid RadGrid_Default">
<table class="rgMasterTable" id="${grid}">
<thead><tr>${headRow}</tr></thead>
${pager}
<tbody>
${body}
</tbody>
</table>
</div>
</div>
${dialog}
<script type="text/javascript">
function omniSelectAll(box) {
  var boxes = document.querySelectorAll('#${grid} tbody input[type=checkbox]');
  for (var i = 0; i < boxes.length; i++) boxes[i].checked = box.checked;
}
</script>`;
  return layout({
    title: view.heading,
    provider: view.provider,
    current: 'accounting',
    body: postbackForm(simPaths.dashboard, state, inner),
  });
}

/** The in-page dashboard: a shell the page script fills in. */
export function inpageDashboard(provider: Provider, providerLabel: string): string {
  const config = JSON.stringify({
    view: apiPaths.view,
    action: apiPaths.action,
    login: simPaths.login,
    provider,
  });
  return layout({
    title: `${providerLabel} V2 Accounting Dashboard`,
    provider,
    current: 'accounting',
    head: `<script type="application/json" id="accounting-config">${config.replace(/</g, '\\u003c')}</script>\n<script src="${apiPaths.script}" defer></script>`,
    body: `<div id="accounting-app" class="accounting-app" aria-busy="true"><div class="loading-overlay" role="status" aria-live="polite">Loading…</div></div>`,
  });
}

export function loginPage(returnUrl: string, error?: string): string {
  return layout({
    title: 'Log in',
    provider: 'xero',
    user: false,
    body: `<div class="login-box">
<h1>Log in to Cin7 Omni</h1>
${error ? `<div class="msg msg-error" role="alert">${esc(error)}</div>` : '<p>Your session has expired. Please log in again.</p>'}
<form method="post" action="${simPaths.login}?ReturnUrl=${encodeURIComponent(returnUrl)}" id="loginForm">
<label for="txtEmail">Email</label> <input type="email" id="txtEmail" name="email" autocomplete="username">
<label for="txtPassword">Password</label> <input type="password" id="txtPassword" name="password" autocomplete="current-password">
<button type="submit" class="btn-primary">Log in</button>
<a href="/ForgotPassword.aspx">Forgot your password?</a>
</form>
</div>`,
  });
}

export function connectPage(
  provider: Provider,
  providerLabel: string,
  organisation: string,
  connected: boolean,
): string {
  const status = connected
    ? `<p class="status-ok">Connected to ${esc(providerLabel)}</p><dl><dt>Organisation</dt><dd>${esc(organisation)}</dd><dt>Connected by</dt><dd>Sarah Mitchell</dd></dl>`
    : `<p class="status-warn">Not connected to ${esc(providerLabel)}</p>`;
  return layout({
    title: `${providerLabel} Settings`,
    provider,
    current: 'settings',
    body: postbackForm(
      simPaths.connect,
      undefined,
      `<h1>${esc(providerLabel)} V2 Settings</h1>
<div class="connect-panel">${status}
<input type="submit" name="${PREFIX}btnConnect" value="Connect" id="${ID_PREFIX}btnConnect" class="rbButton rbPrimary"${connected ? ' disabled="disabled"' : ''}>
<input type="submit" name="${PREFIX}btnDisconnect" value="Disconnect" id="${ID_PREFIX}btnDisconnect" class="rbButton rbDanger"${connected ? '' : ' disabled="disabled"'}>
</div>
<p><a href="${simPaths.dashboard}">Back to the Accounting Dashboard</a></p>`,
    ),
  });
}

export function v1DashboardPage(provider: Provider, message?: string): string {
  const rows = [
    ['SO-5201', 'Harbour Cafe Ltd', '02/10/2026', '1,150.00'],
    ['SO-5204', 'Tui Trail Runners', '06/10/2026', '2,384.50'],
    ['SO-5207', 'Kauri Coast Outfitters', '09/10/2026', '3,420.00'],
  ];
  const body = rows
    .map(
      (r, i) =>
        `<tr class="${i % 2 ? 'rgAltRow' : 'rgRow'}"><td><input type="checkbox" name="${PREFIX}gvOrders$${rowCtl(i)}$chkSend"></td>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return layout({
    title: 'Xero Integration',
    provider,
    current: 'v1',
    body: postbackForm(
      simPaths.v1Dashboard,
      undefined,
      `<h1>Xero Integration</h1>
<p class="legacy-note">Orders ready to send to Xero</p>
${message ? `<div class="msg msg-info">${esc(message)}</div>` : ''}
<table class="rgMasterTable legacy"><thead><tr><th>Send</th><th>Order Ref</th><th>Customer</th><th>Date</th><th>Total</th></tr></thead><tbody>${body}</tbody></table>
<input type="submit" name="${PREFIX}btnSendToXero" value="Send to Xero" id="${ID_PREFIX}btnSendToXero" class="rbButton">`,
    ),
  });
}

export function salesOrdersPage(provider: Provider, message?: string): string {
  const rows = [
    ['SO-5241', 'Harbour Cafe Ltd', '25/11/2026', 'Approved', '812.40'],
    ['SO-5242', 'Tui Trail Runners', '25/11/2026', 'Draft', '1,204.00'],
    ['SO-5243', 'Kauri Coast Outfitters', '26/11/2026', 'Approved', '3,088.10'],
    ['SO-5244', 'Wellington Climbing Co', '27/11/2026', 'Dispatched', '455.00'],
  ];
  const body = rows
    .map(
      (r, i) =>
        `<tr class="${i % 2 ? 'rgAltRow' : 'rgRow'}"><td class="rgCheck"><input type="checkbox" name="${PREFIX}rgOrders$ctl00$${rowCtl(i)}$chkSelect"></td>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return layout({
    title: 'Sales Orders',
    provider,
    current: 'sales',
    body: postbackForm(
      simPaths.otherPage,
      undefined,
      `<h1>Sales Orders</h1>
${message ? `<div class="msg msg-info">${esc(message)}</div>` : ''}
<div class="toolbar"><input type="submit" name="${PREFIX}btnNew" value="New Sales Order" class="rbButton rbPrimary"> <input type="submit" name="${PREFIX}btnApprove" value="Approve Selected" class="rbButton"> <input type="submit" name="${PREFIX}btnUploadAll" value="Export All" class="rbButton"></div>
<div class="RadGrid"><table class="rgMasterTable"><thead><tr><th class="rgHeader"><input type="checkbox" name="${PREFIX}rgOrders$ctl00$ctl02$ctl01$chkSelectAll"></th><th class="rgHeader">Order Ref</th><th class="rgHeader">Customer</th><th class="rgHeader">Order Date</th><th class="rgHeader">Status</th><th class="rgHeader">Total</th></tr></thead><tbody>${body}</tbody></table></div>`,
    ),
  });
}

export function homePage(provider: Provider): string {
  return layout({
    title: 'Dashboard',
    provider,
    current: 'dashboard',
    body: `<h1>Welcome back, Sarah</h1>
<div class="cards"><div class="card"><h2>Sales this month</h2><p>$18,422.55</p></div><div class="card"><h2>Orders to dispatch</h2><p>7</p></div><div class="card"><h2>Low stock products</h2><p>3</p></div></div>`,
  });
}

export function notFoundPage(provider: Provider): string {
  return layout({
    title: 'Page not found',
    provider,
    body: '<h1>Page not found</h1><p>The page you requested does not exist.</p>',
  });
}

/** ASP.NET's "yellow screen" for an unhandled exception. */
export function serverErrorPage(): string {
  return `<!DOCTYPE html>
<html><head><title>Runtime Error</title>
<style>body{font-family:Verdana;background:#fff}h1{color:red;font-weight:normal;font-size:18pt}h2{font-style:italic;font-size:14pt;color:maroon}</style>
</head><body>
<span><h1>Server Error in '/' Application.<hr width="100%" size="1" color="silver"></h1>
<h2><i>Runtime Error</i></h2></span>
<p><b>Description:</b> An application error occurred on the server. The current custom error settings for this application prevent the details of the application error from being viewed remotely (for security reasons).</p>
</body></html>`;
}

export const siteCss = `
*{box-sizing:border-box}body{margin:0;font-family:"Segoe UI",Arial,sans-serif;font-size:13px;color:#263238;background:#f4f6f8}
.topbar{display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#0b2e4f;color:#fff}
.topbar a{color:#fff;text-decoration:none}.brand-mark{font-weight:700;background:#19b3e6;padding:2px 6px;border-radius:3px}
.company{flex:1;opacity:.8}.page{display:flex;min-height:calc(100vh - 48px)}
.sidebar{width:200px;background:#12395f;color:#cfe3f5;padding:12px 0}.sidebar ul{list-style:none;margin:0;padding:0}
.sidebar a{display:block;padding:5px 18px;color:#cfe3f5;text-decoration:none}.sidebar .nav-group ul a{padding-left:30px}
.nav-group-title{display:block;padding:8px 18px 2px;font-weight:600;color:#fff}.nav-item.active>a{background:#1d4f80;color:#fff}
.content{flex:1;padding:18px 24px}h1{font-size:20px;margin:0 0 12px}
.dashboard-header{display:flex;align-items:center;gap:14px;margin-bottom:10px}.dashboard-header h1{margin:0}
.org{color:#607d8b}.settings-cog img,.settings-cog{width:20px;height:20px}.syncall{margin-left:auto;position:relative}
.rbSplitButton,.syncall>button{display:inline-block;background:#19b3e6;color:#fff;border:0;padding:6px 12px;border-radius:3px;text-decoration:none;cursor:pointer}
.syncall [role=menu]{position:absolute;right:0;top:100%;background:#fff;border:1px solid #ccd;min-width:160px;z-index:5}
.syncall [role=menuitem]{display:block;width:100%;text-align:left;padding:6px 10px;border:0;background:#fff;cursor:pointer}
.RadTabStrip .rtsUL,.tabs{display:flex;list-style:none;margin:0;padding:0;border-bottom:2px solid #19b3e6}
.RadTabStrip .rtsLink,.tabs [role=tab]{display:block;padding:7px 14px;color:#37474f;text-decoration:none;border:0;background:none;font:inherit;cursor:pointer}
.RadTabStrip .rtsSelected,.tabs [role=tab][aria-selected=true]{background:#19b3e6;color:#fff}
#ctl00_ContentPlaceHolder1_rtsSub .rtsUL,.subtabs{border-bottom-color:#90a4ae;margin-top:6px}
#ctl00_ContentPlaceHolder1_rtsSub .rtsSelected,.subtabs [role=tab][aria-selected=true]{background:#90a4ae}
.badge-error{display:inline-block;background:#d32f2f;color:#fff;border-radius:9px;padding:0 6px;font-size:11px;margin-left:4px}
.toolbar{margin:10px 0;display:flex;gap:6px}.rbButton,.toolbar button{padding:6px 12px;border:1px solid #90a4ae;background:#fff;border-radius:3px;cursor:pointer}
.rbButton[disabled]{opacity:.45;cursor:default}
.rbPrimary,.toolbar button.primary{background:#19b3e6;border-color:#19b3e6;color:#fff}
.rgMasterTable,.grid{width:100%;border-collapse:collapse;background:#fff}.rgMasterTable th,.grid th{background:#eceff1;text-align:left;padding:6px 8px;border-bottom:1px solid #cfd8dc}
.rgMasterTable td,.grid td{padding:5px 8px;border-bottom:1px solid #eceff1}.rgAltRow,.grid tr.alt{background:#fafbfc}
.cell-error{color:#c62828}.cell-warning{color:#e65100}.warn-icon{width:14px;height:14px;vertical-align:middle}
.rgPager td{background:#eceff1}.rgWrap{display:inline-block;margin-right:12px}.rgPager a{padding:0 4px}.rgCurrentPage{font-weight:700}
.msg{padding:8px 12px;margin:8px 0;border-radius:3px}.msg-error{background:#ffebee;color:#b71c1c}.msg-success{background:#e8f5e9;color:#1b5e20}.msg-info{background:#e3f2fd;color:#0d47a1}
.accounting-app{position:relative;min-height:200px}.loading-overlay{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;background:rgba(255,255,255,.7);font-size:16px;z-index:10}
.RadWindow,.dialog{position:fixed;top:30%;left:50%;transform:translateX(-50%);background:#fff;border:1px solid #90a4ae;box-shadow:0 4px 20px rgba(0,0,0,.3);padding:0;z-index:20;min-width:360px}
.rwTitlebar,.dialog h2{background:#0b2e4f;color:#fff;padding:6px 10px;margin:0;font-size:14px}.rwDialogPopup,.dialog .dialog-body{padding:14px}.rwButtons,.dialog .buttons{margin-top:12px;display:flex;gap:8px;justify-content:flex-end}
.TelerikModalOverlay,.dialog-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.3);z-index:15}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}.icon-button{background:none;border:0;cursor:pointer}
.login-box{max-width:360px;margin:40px auto;background:#fff;padding:24px;border-radius:4px}.login-box label,.login-box input{display:block;width:100%;margin:4px 0}
.login-box button{margin:12px 0;padding:8px 16px}.cards{display:flex;gap:16px}.card{background:#fff;padding:12px 18px;border-radius:4px}
.connect-panel{background:#fff;padding:16px;border-radius:4px;max-width:480px}.status-ok{color:#2e7d32;font-weight:600}.status-warn{color:#c62828;font-weight:600}
`;
