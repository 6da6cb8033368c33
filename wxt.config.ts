import { defineConfig } from 'wxt';

// The build users install is the build the browser tests load: nothing here changes for tests.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: 'Omni Smart Sync',
    description:
      'Syncs every list of the Cin7 Omni Accounting Dashboard to Xero or QuickBooks Online, in the order that makes it succeed.',
    // storage: run state and settings; notifications: the shortcut says so when no dashboard is open.
    permissions: ['storage', 'notifications'],
    commands: {
      'sync-open-subtab': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Sync the Accounting Dashboard sub-tab that is open',
      },
    },
  },
});
