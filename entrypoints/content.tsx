import './../components/styles.css';
import { createRoot, type Root } from 'react-dom/client';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Panel } from '@/components/Panel';
import { readDashboard } from '@/lib/omni';
import { watchPage } from '@/lib/omni/wait';
import { sameSnapshot, toPageSnapshot } from '@/lib/page-snapshot';
import { sendMessage } from '@/lib/protocol';
import type { PageSnapshot, StatusSnapshot } from '@/lib/snapshots';

const PANEL_PAGES = new Set<PageSnapshot['kind']>(['dashboard', 'dashboard-v1']);

export default defineContentScript({
  matches: ['https://go.cin7.com/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    let ui: ShadowRootContentScriptUi<Root> | null = null;
    let last: PageSnapshot | null = null;
    let status: StatusSnapshot | undefined;

    // The panel gets the background's snapshot as a prop; react-query stays out of the content script
    // to keep it within its size budget (SPEC §6).
    const render = () => {
      if (last) ui?.mounted?.render(<Panel page={last} status={status} />);
    };
    const refreshStatus = async () => {
      status = await sendMessage('getOwnStatus', undefined).catch(() => status);
      render();
    };

    const update = async () => {
      const page = toPageSnapshot(readDashboard(document), location.href);
      if (sameSnapshot(last, page)) return;
      last = page;
      // The background may be waking up; the panel does not depend on it answering.
      sendMessage('reportPage', page).then(refreshStatus, () => undefined);
      if (PANEL_PAGES.has(page.kind)) {
        if (!ui) {
          ui = await createShadowRootUi(ctx, {
            name: 'omni-smart-sync-panel',
            position: 'inline',
            anchor: 'body',
            append: 'last',
            onMount: (container) => createRoot(container),
            onRemove: (root) => root?.unmount(),
          });
          ui.mount();
        }
        render();
      } else if (ui) {
        ui.remove();
        ui = null;
      }
    };

    await update();
    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    const onStorageChanged = () => void refreshStatus();
    browser.storage.onChanged.addListener(onStorageChanged);
    ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onStorageChanged));
    watchPage(() => void update(), { signal: controller.signal });
  },
});
