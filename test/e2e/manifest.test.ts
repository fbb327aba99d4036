/**
 * Convention tests on the built extension (as darkreader pins its CSP): what the browser is asked
 * to grant must not drift without a deliberate change here and in the README's permission table.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundles } from './bundles.ts';
import { EXTENSION_DIR, FIREFOX_ADDON_ID, FIREFOX_EXTENSION_DIR } from './harness.ts';

const manifest = (dir = EXTENSION_DIR): Record<string, unknown> =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

describe('built manifest (dist/chrome)', () => {
  it('asks only for activeTab, alarms, scripting and storage, notifications optionally, and no host permissions', () => {
    const m = manifest();
    expect(m['permissions']).toEqual(['activeTab', 'alarms', 'scripting', 'storage']);
    // Asked for when the user turns watching on, never at install.
    expect(m['optional_permissions']).toEqual(['notifications']);
    expect(m['host_permissions']).toBeUndefined();
    expect(m['optional_host_permissions']).toBeUndefined();
    expect(m['externally_connectable']).toBeUndefined();
  });

  it('exposes no web-accessible resources to any page', () => {
    expect(manifest()['web_accessible_resources']).toBeUndefined();
  });

  it('runs its content script only on Gmail Show original pages, from document_start (the header section is read while the page streams in)', () => {
    expect(manifest()['content_scripts']).toEqual([
      {
        js: [expect.stringMatching(/\.js$/)],
        matches: ['https://mail.google.com/mail/*'],
        include_globs: ['*view=om*'],
        run_at: 'document_start',
      },
    ]);
  });

  it("has a strict CSP for its pages: own scripts, own styles and the popup page's one style by its hash, no eval, no remote code; fetches only over https (DNS-over-HTTPS)", () => {
    const page = readFileSync(join(EXTENSION_DIR, 'src/popup/index.html'), 'utf8');
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(style).toContain('.verdict');
    expect(manifest()['content_security_policy']).toEqual({
      extension_pages: `default-src 'none'; script-src 'self'; style-src 'self' 'sha256-${hash}'; img-src 'self'; connect-src https:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    });
  });

  it('has an options page (the DNS resolver choice)', () => {
    expect(manifest()['options_ui']).toEqual({ page: 'src/options/index.html', open_in_tab: true });
  });

  it('ships the licences of what it bundles (THIRD-PARTY-LICENSES.txt, both builds)', () => {
    for (const dir of [EXTENSION_DIR, FIREFOX_EXTENSION_DIR]) {
      const notices = readFileSync(join(dir, 'THIRD-PARTY-LICENSES.txt'), 'utf8');
      for (const [name, licence] of [
        ['ipaddr.js', /MIT/],
        ['punycode', /MIT/],
        ['webextension-polyfill', /Mozilla Public License/],
      ] as const) {
        expect(notices).toMatch(new RegExp(`^${name.replace('.', '\\.')} [\\d.]+ — `, 'm'));
        expect(notices).toMatch(licence);
      }
      expect(notices).toContain('Public Suffix List (ICANN section) — MPL-2.0');
    }
  });

  it('takes its version from package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(manifest()['version']).toBe(pkg.version);
  });

  it('ships no HTML sink or code-from-string in its bundles', () => {
    const js = readdirSync(EXTENSION_DIR, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.js'))
      .map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'));
    expect(js.length).toBeGreaterThan(2);
    for (const code of js) {
      expect(code).not.toMatch(
        /\.innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=|document\.write\(|new Function\(|\beval\(/,
      );
    }
  });
});

describe('built manifest (dist/firefox)', () => {
  const firefox = (): Record<string, unknown> => manifest(FIREFOX_EXTENSION_DIR);

  it('puts the button on the toolbar, where the badge is seen before any click', () => {
    // Without it Firefox puts a new add-on's button in the Extensions menu, badge unseen.
    expect(firefox()['action']).toMatchObject({ default_area: 'navbar' });
    // Chrome knows no such key: it stays out of the Chrome build.
    expect(manifest()['action']).not.toHaveProperty('default_area');
  });

  it('differs from the Chrome build only in what Firefox needs', () => {
    const {
      action: ffAction,
      background: ffBackground,
      browser_specific_settings,
      ...ffRest
    } = firefox();
    const { action, background, ...rest } = manifest();
    expect(ffRest).toEqual(rest);
    expect(ffAction).toEqual({ ...(action as object), default_area: 'navbar' });
    expect(ffBackground).toEqual({ scripts: [expect.stringMatching(/\.js$/)], type: 'module' });
    expect(background).toEqual({ service_worker: expect.stringMatching(/\.js$/), type: 'module' });
    expect(browser_specific_settings).toEqual({
      gecko: {
        id: FIREFOX_ADDON_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'], optional: ['personalCommunications'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    });
  });
});

/**
 * What the browser loads, by size and content (issue 11): the popup opens without the analyzer
 * or the Public Suffix List, the content script carries no parser and no polyfill. Sizes are
 * bytes, the same on every run; `npm run bench` reports them beside the timings.
 */
describe.each([
  ['dist/chrome', EXTENSION_DIR],
  ['dist/firefox', FIREFOX_EXTENSION_DIR],
])('what each context loads (%s)', (_name, dir) => {
  const KIB = 1024;
  const built = bundles(dir);
  /** Text only the list's data has (`!city.kawasaki`), only the analyzer has, only the polyfill. */
  const PSL = 'city.kawasaki';
  const ANALYZER = 'could not analyze this input';
  const POLYFILL = 'This script should only be loaded in a browser extension';

  it('the background has them all (so the markers below are real)', () => {
    expect(built.worker.text).toContain(PSL);
    expect(built.worker.text).toContain(ANALYZER);
  });

  it('the popup: no analyzer, no Public Suffix List, at most 40 KiB gzipped', () => {
    expect(built.popup.text).not.toContain(PSL);
    expect(built.popup.text).not.toContain(ANALYZER);
    expect(built.popup.gzip).toBeLessThanOrEqual(40 * KIB);
  });

  it('the popup page: its style in the page, its first script one classic file without the polyfill', () => {
    const page = readFileSync(join(dir, 'src/popup/index.html'), 'utf8');
    // Nothing to fetch before the verdict but one small script (vite.config.ts, fastPopup).
    expect(page).not.toMatch(/<link\b/);
    expect(page).toMatch(/<style>[^<]*\.verdict[^<]*<\/style>/);
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script src="./first-paint.js">']);
    const first = readFileSync(join(dir, 'src/popup/first-paint.js'), 'utf8');
    expect(first).not.toMatch(/^\s*(import|export)\b/m);
    expect(first).not.toContain(POLYFILL);
    expect(first).toMatch(/import\(.\/assets\/popup-main-[\w-]+\.js.\)/);
    expect(gzipSync(first).length).toBeLessThanOrEqual(2 * KIB);
  });

  it('the content script: one self-contained file, no parser, no polyfill, at most 4 KiB gzipped', () => {
    expect(built.content.files).toHaveLength(1);
    expect(built.content.text).not.toMatch(/^\s*import\b/m);
    expect(built.content.text).not.toContain(ANALYZER);
    expect(built.content.text).not.toContain(POLYFILL);
    expect(built.content.gzip).toBeLessThanOrEqual(4 * KIB);
  });
});

/**
 * The script the popup injects into Gmail's normal view on a click (issue 14): built as one file
 * without imports (executeScript runs a file as a classic script), listed nowhere in the manifest
 * — no content script on the inbox, no host permission, no web-accessible resource — and free of
 * the analyzer (the background analyzes).
 */
describe.each([
  ['dist/chrome', EXTENSION_DIR],
  ['dist/firefox', FIREFOX_EXTENSION_DIR],
])('the script injected on a click (%s)', (_name, dir) => {
  const path = join(dir, 'src/content/open-message.js');

  it('is one self-contained classic script, injected only from the popup', () => {
    const code = readFileSync(path, 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).not.toContain('could not analyze this input');
    const m = manifest(dir);
    expect(JSON.stringify(m)).not.toContain('open-message');
    expect(m['host_permissions']).toBeUndefined();
    expect(m['web_accessible_resources']).toBeUndefined();
    expect(m['permissions']).toEqual(['activeTab', 'alarms', 'scripting', 'storage']);
  });
});
