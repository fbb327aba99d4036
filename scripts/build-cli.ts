/**
 * `npm run build:cli` (also run by `npm pack`, as prepack): the CLI as one ESM file for plain
 * Node 20, dist/cli/header-lens.mjs, with everything it imports bundled in — the core and its
 * runtime libraries (ipaddr.js, punycode; the Public Suffix List rules are core data) — so installing the packed tarball needs no
 * registry and no other package. Beside it: the sample message `header-lens` analyzes when
 * given no FILE, and the licences of the bundled packages.
 */
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

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
const packages = new Set<string>();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m?.[1] !== undefined) packages.add(m[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = join(root, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    version: string;
    license?: string;
  };
  const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
  const text =
    file === undefined
      ? '(no licence file in the package)'
      : readFileSync(join(dir, file), 'utf8').trim();
  return `${name} ${pkg.version} — ${pkg.license ?? 'see below'}\n\n${text}\n`;
});
// Data, not a package: the Public Suffix List's ICANN section, in src/core/psl/icann-rules.ts.
notices.push(
  'Public Suffix List (ICANN section) — MPL-2.0\n\n' +
    'The list is © its contributors, under the Mozilla Public License 2.0\n' +
    '(https://mozilla.org/MPL/2.0/). Its source form: https://publicsuffix.org/list/;\n' +
    'header-lens.mjs holds the rules unminified.\n',
);
writeFileSync(
  join(out, 'THIRD-PARTY-LICENSES.txt'),
  `header-lens.mjs bundles these packages and data:\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`,
);

const size = statSync(join(out, 'header-lens.mjs')).size;
console.log(
  `${join(out, 'header-lens.mjs')} ${(size / 1024).toFixed(1)} KiB (bundles ${[...packages].sort().join(', ')})`,
);
