import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { PREACT_ALIASES } from './wxt.config.ts';

/** Rendered by the content script: its tests run under preact/compat, as the build ships it. */
const UNDER_PREACT = ['components/Panel.test.tsx'];

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['{lib,components,entrypoints,backend,tests/omni-sim,tests/fuzz}/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...UNDER_PREACT],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        plugins: [WxtVitest()],
        resolve: {
          mainFields: ['module', 'main'],
          alias: Object.entries({
            ...PREACT_ALIASES,
            // Imported by Testing Library only; the build never asks for it.
            'react-dom/test-utils': 'preact/test-utils',
          }).map(([find, replacement]) => ({ find: new RegExp(`^${find}$`), replacement })),
        },
        test: {
          name: 'unit-panel',
          include: UNDER_PREACT,
          environment: 'happy-dom',
          // Testing Library imports react-dom itself: inlined, so the aliases reach it too.
          server: { deps: { inline: ['@testing-library/react'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          // Two cores: one browser at a time keeps timings honest and the machine responsive.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
