/**
 * `npm run package`: store-ready zips of dist/chrome and dist/firefox, and the source zip that
 * addons.mozilla.org asks for when the submitted code is bundled. Reproducible: entries sorted,
 * fixed timestamps and modes, so the same commit gives byte-identical zips on any machine.
 * The source zip holds exactly the files git tracks (`git ls-files`), i.e. a clean clone.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
/** 1980-01-01T00:00:00Z, the earliest DOS timestamp a zip can hold: no clock leaks in. */
const FIXED_TIME = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

function zip(files: readonly string[], base: string): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) {
    entries[file] = [
      readFileSync(join(base, file)),
      { mtime: FIXED_TIME, level: 9, os: 3, attrs: 0o100644 << 16 },
    ];
  }
  return zipSync(entries, { mtime: FIXED_TIME });
}

function write(name: string, data: Uint8Array): void {
  const out = join(root, 'dist', 'packages', name);
  writeFileSync(out, data);
  const sha = createHash('sha256').update(data).digest('hex');
  console.log(
    `${name.padEnd(40)} ${(data.length / 1024).toFixed(1).padStart(8)} KiB  sha256 ${sha}`,
  );
}

mkdirSync(join(root, 'dist', 'packages'), { recursive: true });
for (const browser of ['chrome', 'firefox'] as const) {
  const dir = join(root, 'dist', browser);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`dist/${browser} is missing: run npm run build first`);
  }
  write(`${pkg.name}-${pkg.version}-${browser}.zip`, zip(filesUnder(dir), dir));
}
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(
    (f) => f.length > 0 && statSync(join(root, f), { throwIfNoEntry: false })?.isFile() === true,
  )
  .sort();
write(`${pkg.name}-${pkg.version}-source.zip`, zip(tracked, root));
