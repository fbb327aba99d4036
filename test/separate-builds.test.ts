/**
 * The scripts built on their own — the content scripts (crxjs's IIFE builds) and the popup's
 * first script (vite.config.ts, fastPopup) — bundle no npm package, so the build's
 * THIRD-PARTY-LICENSES.txt, gathered from the main bundle alone, names everything the extension
 * ships.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundledPackages } from '../scripts/third-party-notices.ts';

describe('scripts built on their own', () => {
  it.each(['src/content/index.ts', 'src/content/open-message.ts', 'src/popup/first-paint.ts'])(
    '%s bundles no npm package',
    async (entry) => {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        metafile: true,
        format: 'iife',
        logLevel: 'silent',
        // The rest of the popup, which the first script imports once it has painted.
        define: { __POPUP_MAIN__: '"/popup-main.js"' },
        external: ['/popup-main.js'],
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.some((i) => i.startsWith('src/'))).toBe(true);
      expect(bundledPackages(inputs)).toEqual([]);
    },
  );
});
