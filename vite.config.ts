import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { build, defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { bundledPackages, thirdPartyNotices } from './scripts/third-party-notices.ts';

export type Browser = 'chrome' | 'firefox';

/**
 * manifest.json is the one source of truth; this applies what differs per browser. The version
 * always comes from package.json.
 */
export function patchFor(browser: Browser): ManifestV3Export {
  const base = { ...manifest, version: pkg.version };
  if (browser === 'chrome') return base as ManifestV3Export;
  return {
    ...base,
    // Firefox puts a new add-on's button in the Extensions menu, where its badge can't be seen:
    // the verdict must be visible on the toolbar before the click.
    action: { ...base.action, default_area: 'navbar' },
    // Firefox runs MV3 backgrounds as event pages: the same module, as a background script.
    background: { scripts: [manifest.background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: 'header-lens@header-lens.example',
        // 140: the first release with built-in data-collection consent; every API used
        // (storage.session 115, scripting 102, MV3 action 109) is older.
        strict_min_version: '140.0',
        data_collection_permissions: {
          // Nothing leaves the browser unless the user asks for a DNS check: then the message's
          // domain names go to the chosen DNS-over-HTTPS resolver (PRIVACY.md).
          required: ['none'],
          optional: ['personalCommunications'],
        },
      },
      // Firefox for Android gained the consent system in 142.
      gecko_android: { strict_min_version: '142.0' },
    },
  } as ManifestV3Export;
}

/**
 * Scripts the extension injects with scripting.executeScript (imported as `file.ts?iife` for their
 * built name) need no web_accessible_resources: the plugin lists them anyway, open to every site,
 * which would let any page probe for the extension. This drops those entries from the built
 * manifest.
 */
function noAccessibleInjectedScripts(outDir: string): Plugin {
  return {
    name: 'header-lens:no-accessible-injected-scripts',
    apply: 'build',
    writeBundle() {
      const path = join(outDir, 'manifest.json');
      const built = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const war = built['web_accessible_resources'];
      if (!Array.isArray(war)) return;
      const kept = war.filter(
        (entry: { resources?: string[] }) =>
          !(entry.resources ?? []).every((r) => r.startsWith('src/content/')),
      );
      if (kept.length > 0) built['web_accessible_resources'] = kept;
      else delete built['web_accessible_resources'];
      writeFileSync(path, `${JSON.stringify(built, null, 2)}\n`);
    },
  };
}

/**
 * THIRD-PARTY-LICENSES.txt in the build: the licences of the packages bundled into the worker and
 * the pages, and of the Public Suffix List data. (The content scripts and the popup's first
 * script, built on their own, bundle no package: test/separate-builds.test.ts.)
 */
function licenceNotices(): Plugin {
  return {
    name: 'header-lens:licence-notices',
    apply: 'build',
    generateBundle(_options, bundle) {
      const ids = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? c.moduleIds : []));
      this.emitFile({
        type: 'asset',
        fileName: 'THIRD-PARTY-LICENSES.txt',
        source: thirdPartyNotices(resolve('.'), 'Header Lens', bundledPackages(ids)),
      });
    },
  };
}

const POPUP_MAIN = resolve('src/popup/main.ts');
const FIRST_PAINT = 'src/popup/first-paint.ts';
const POPUP_HTML = 'src/popup/index.html';

/**
 * The popup opens as fast as a static page (issue 11; `npm run bench` compares it with one):
 *
 * its first script, src/popup/first-paint.ts, is built on its own as one classic script,
 * `src/popup/first-paint.js`, which index.html names at the end of its body. One file, no module
 * graph (each file an extension page loads is a request to the browser process): it runs as soon
 * as the parser reaches it and paints the verdict from the popup's URL. It then imports the rest
 * of the popup, main.ts, built here as an entry of its own, by the file name this build gave it
 * (`__POPUP_MAIN__`). The style sheet is written into the page (a classic script waits for the
 * page's style sheets), and the extension's policy allows exactly that style by its hash
 * (`style-src 'self' 'sha256-…'`): no other inline style can apply.
 */
function fastPopup(outDir: string): Plugin {
  let mainFile: string | null = null;
  const styleHashes: string[] = [];
  return {
    name: 'header-lens:fast-popup',
    apply: 'build',
    config: () => ({ build: { rollupOptions: { input: { 'popup-main': POPUP_MAIN } } } }),
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle;
        if (!context.filename.endsWith(POPUP_HTML) || bundle === undefined) return html;
        return html.replace(
          /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g,
          (link: string, file: string) => {
            const asset = bundle[file];
            if (asset?.type !== 'asset') return link;
            const css = String(asset.source);
            styleHashes.push(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
            return `<style>${css}</style>`;
          },
        );
      },
    },
    writeBundle() {
      if (styleHashes.length === 0) throw new Error('the popup style sheet was not inlined');
      const path = join(outDir, 'manifest.json');
      const built = JSON.parse(readFileSync(path, 'utf8')) as {
        content_security_policy: { extension_pages: string };
      };
      const policy = built.content_security_policy.extension_pages;
      if (!policy.includes("style-src 'self';")) throw new Error(`unexpected policy: ${policy}`);
      built.content_security_policy.extension_pages = policy.replace(
        "style-src 'self';",
        `style-src 'self' ${styleHashes.join(' ')};`,
      );
      writeFileSync(path, `${JSON.stringify(built, null, 2)}\n`);
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.isEntry && chunk.facadeModuleId === POPUP_MAIN) {
          mainFile = chunk.fileName;
        }
      }
    },
    async closeBundle() {
      if (mainFile === null) throw new Error('the popup main entry was not built');
      await build({
        configFile: false,
        // Errors still fail the build; lib mode's own notice about its iife options is noise.
        logLevel: 'error',
        define: { __POPUP_MAIN__: JSON.stringify(`/${mainFile}`) },
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2022',
          minify: true,
          lib: {
            entry: FIRST_PAINT,
            formats: ['iife'],
            name: 'headerLensFirstPaint',
            fileName: () => 'src/popup/first-paint.js',
          },
        },
      });
    },
  };
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
      noAccessibleInjectedScripts(`dist/${browser}`),
      fastPopup(`dist/${browser}`),
      licenceNotices(),
    ],
  };
});
