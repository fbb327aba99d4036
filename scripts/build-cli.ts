/**
 * `npm run build:cli` (also run by `npm pack`, as prepack): the CLI as one ESM file for plain
 * Node 20, dist/cli/header-lens.mjs, with everything it imports bundled in — the core and its
 * runtime libraries (ipaddr.js, punycode; the Public Suffix List rules are core data) — so installing the packed tarball needs no
 * registry and no other package. Beside it: the sample message `header-lens` analyzes when
 * given no FILE, and the licences of the bundled packages.
 */
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundledPackages, thirdPartyNotices } from './third-party-notices.ts';

const root = new URL('..', import.meta.url).pathname;
// `--out DIR`: somewhere else than dist/cli (the tests build their own copy once per run).
const outFlag = process.argv.indexOf('--out');
const out = outFlag === -1 ? join(root, 'dist', 'cli') : (process.argv[outFlag + 1] ?? '');
if (out === '') throw new Error('build-cli: --out needs a directory');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/header-lens.ts'],
  outfile: join(out, 'header-lens.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  // package.json's engines say 20.19; nothing the CLI uses is newer than Node 20.
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  // The report's ✓ and → stay readable in the file instead of \u escapes.
  charset: 'utf8',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
chmodSync(join(out, 'header-lens.mjs'), 0o755);
copyFileSync(join(root, 'src/cli/sample.eml'), join(out, 'sample.eml'));

// Every package whose code went into the bundle, with its licence text.
const packages = bundledPackages(Object.keys(result.metafile.inputs));
writeFileSync(
  join(out, 'THIRD-PARTY-LICENSES.txt'),
  thirdPartyNotices(root, 'header-lens.mjs', packages),
);

const size = statSync(join(out, 'header-lens.mjs')).size;
console.log(
  `${join(out, 'header-lens.mjs')} ${(size / 1024).toFixed(1)} KiB (bundles ${packages.join(', ')})`,
);
