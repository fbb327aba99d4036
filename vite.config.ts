import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };

export type Browser = 'chrome' | 'firefox';

/**
 * manifest.json is the one source of truth; this applies what differs per browser. The version
 * always comes from package.json.
 */
export function patchFor(browser: Browser): ManifestV3Export {
  const base = { ...manifest, version: pkg.version };
  if (browser === 'chrome') return base as ManifestV3Export;
  return base as ManifestV3Export;
}

// `vite build` builds Chrome; `vite build --mode firefox` builds Firefox.
export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
    },
    plugins: [
      crx({
        manifest: patchFor(browser),
        browser,
        // One self-contained file: no loader, so no web_accessible_resources are exposed to Gmail.
        contentScripts: { standaloneFiles: ['src/content/index.ts'] },
      }),
    ],
  };
});
