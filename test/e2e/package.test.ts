/** npm run package: store zips and the source zip, byte-identical when made twice. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
const names = ['chrome', 'firefox', 'source'].map((k) => `header-lens-${version}-${k}.zip`);

function makePackages(): Map<string, Buffer> {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts'], {
    cwd: root,
    stdio: 'pipe',
  });
  return new Map(names.map((n) => [n, readFileSync(`${root}dist/packages/${n}`)]));
}

describe('npm run package', () => {
  it('writes the Chrome, Firefox and source zips, identical byte for byte when made again', () => {
    const first = makePackages();
    const second = makePackages();
    for (const name of names) {
      const hash = (b: Buffer | undefined): string =>
        createHash('sha256')
          .update(b ?? Buffer.alloc(0))
          .digest('hex');
      expect(hash(second.get(name)), name).toBe(hash(first.get(name)));
    }
    const chrome = unzipSync(first.get(names[0] ?? '') ?? Buffer.alloc(0));
    const manifest = JSON.parse(Buffer.from(chrome['manifest.json'] ?? []).toString('utf8')) as {
      version: string;
    };
    expect(manifest.version).toBe(version);
    const firefox = unzipSync(first.get(names[1] ?? '') ?? Buffer.alloc(0));
    expect(Buffer.from(firefox['manifest.json'] ?? []).toString('utf8')).toContain('"gecko"');
    const source = Object.keys(unzipSync(first.get(names[2] ?? '') ?? Buffer.alloc(0)));
    expect(source).toEqual(
      expect.arrayContaining([
        'package.json',
        'package-lock.json',
        'README.md',
        'vite.config.ts',
        'src/core/index.ts',
      ]),
    );
    expect(source.some((f) => f.startsWith('node_modules/') || f.startsWith('dist/'))).toBe(false);
  });
});
