import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for <city-login>, set up by hand (`storybook init` cannot run here).
 * The project's vite.config.ts is loaded too; the builder ignores its `build` (library mode).
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // public/mockServiceWorker.js must be served at the site root, or msw intercepts nothing.
  staticDirs: ['../public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Storybook's own preview and axe chunks are large by nature; the element's size is checked by `vite build`.
  viteFinal: (viteConfig) => ({ ...viteConfig, build: { ...viteConfig.build, chunkSizeWarningLimit: 2000 } }),
};

export default config;
