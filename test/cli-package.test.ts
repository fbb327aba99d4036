/**
 * The packed CLI as a new user on a server gets it: `npm pack`, then `npm install -g` of the
 * tarball with --omit=dev into an empty prefix — offline, so the install can't fetch anything:
 * the tarball must hold everything — and `header-lens` run from an empty directory with only
 * Node on the PATH: --help, inspect on a fixture, check against a local DoH endpoint, log on a
 * fixture and on a gzip-rotated copy.
 */
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDohServer } from './helpers/doh-server.ts';
import { run, type CliRun } from './helpers/run-cli.ts';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
};

describe(
  'the packed tarball, installed with --omit=dev into an empty prefix',
  { timeout: 120_000 },
  () => {
    let dir: string;
    let tarball: string;
    let prefix: string;
    let home: string;
    let doh: Awaited<ReturnType<typeof startDohServer>>;
    /** npm with a cache and config of its own: nothing from this machine's npm setup leaks in. */
    const npm = (args: string[], cwd: string): Promise<CliRun> =>
      run(
        'npm',
        [
          ...args,
          '--cache',
          join(dir, 'cache'),
          '--userconfig',
          join(dir, 'npmrc'),
          '--no-audit',
          '--no-fund',
          '--no-update-notifier',
        ],
        { cwd },
      );
    /** `header-lens ARGS` as installed: only the prefix's bin and Node's own directory on PATH. */
    const headerLens = (args: string[]): Promise<CliRun> =>
      run(join(prefix, 'bin', 'header-lens'), args, {
        cwd: home,
        env: {
          PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}`,
          NODE_OPTIONS: '',
          NODE_PATH: '',
        },
      });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'header-lens-package-'));
      writeFileSync(join(dir, 'npmrc'), '');
      prefix = join(dir, 'prefix');
      home = join(dir, 'home');
      mkdirSync(prefix);
      mkdirSync(home);
      const packed = await npm(['pack', '--pack-destination', dir], root);
      if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
      tarball = join(dir, `header-lens-${version}.tgz`);
      const installed = await npm(
        ['install', '--global', '--prefix', prefix, '--omit=dev', '--offline', tarball],
        dir,
      );
      if (installed.code !== 0) throw new Error(`npm install failed: ${installed.stderr}`);
      doh = await startDohServer({
        'example.com': [{ type: 'TXT', data: '"v=spf1 ip4:203.0.113.0/28 -all"' }],
        '_dmarc.example.com': [{ type: 'TXT', data: '"v=DMARC1; p=reject"' }],
      });
    }, 240_000);
    afterAll(async () => {
      await doh?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('holds the one bundled file, its sample and licences, and installs nothing beside it', () => {
      const size = statSync(tarball).size;
      // Reported in the closing note of issue 15; the bound catches an accidental node_modules.
      expect(size).toBeLessThan(400 * 1024);
      const installed = join(prefix, 'lib', 'node_modules', 'header-lens');
      expect(existsSync(join(installed, 'dist', 'cli', 'header-lens.mjs'))).toBe(true);
      expect(existsSync(join(installed, 'dist', 'cli', 'sample.eml'))).toBe(true);
      expect(
        readFileSync(join(installed, 'dist', 'cli', 'THIRD-PARTY-LICENSES.txt'), 'utf8'),
      ).toMatch(/ipaddr\.js [\d.]+ — MIT[\s\S]*Public Suffix List \(ICANN section\) — MPL-2\.0/);
      expect(existsSync(join(installed, 'node_modules'))).toBe(false);
      expect(existsSync(join(installed, 'src'))).toBe(false);
      expect(lstatSync(join(prefix, 'bin', 'header-lens')).isSymbolicLink()).toBe(true);
      expect(
        readFileSync(join(installed, 'dist', 'cli', 'header-lens.mjs'), 'utf8').startsWith(
          '#!/usr/bin/env node\n',
        ),
      ).toBe(true);
    });

    it('header-lens --help and --version', async () => {
      const help = await headerLens(['--help']);
      expect(help.stderr).toBe('');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('header-lens check DOMAIN');
      expect((await headerLens(['--version'])).stdout).toBe(`header-lens ${version}\n`);
    });

    it('header-lens FILE, and the bundled sample without one', async () => {
      const message = join(home, 'message.eml');
      copyFileSync(join(root, 'test/fixtures/gmail-pass.eml'), message);
      const pass = await headerLens([message]);
      expect(pass.code).toBe(0);
      expect(pass.stdout).toMatch(/SPF\s+✓ PASS/);
      const sample = await headerLens(['inspect', '--json']);
      expect(sample.code).toBe(1);
      expect(JSON.parse(sample.stdout)).toMatchObject({ spf: { result: 'softfail' } });
    });

    it('header-lens check against the local DoH endpoint', async () => {
      const r = await headerLens(['check', 'example.com', '--ip', '203.0.113.5', '--doh', doh.url]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('✓ Mail from 203.0.113.5 would pass SPF for example.com');
      expect(doh.log.queries).toContain('example.com TXT');
      const fail = await headerLens([
        'check',
        'example.com',
        '--ip',
        '198.51.100.7',
        '--doh',
        doh.url,
      ]);
      expect(fail.code).toBe(1);
      expect(fail.stdout).toContain('v=spf1 ip4:198.51.100.7 ip4:203.0.113.0/28 -all');
    });

    it('header-lens log on a fixture and on its gzip-rotated copy', async () => {
      const log = join(home, 'mail.log');
      copyFileSync(join(root, 'test/fixtures/logs/mail.log'), log);
      writeFileSync(`${log}.2.gz`, gzipSync(readFileSync(log)));
      for (const f of [log, `${log}.2.gz`])
        utimesSync(f, new Date('2025-03-10T00:00:00Z'), new Date('2025-03-10T00:00:00Z'));
      const r = await headerLens(['log', log, `${log}.2.gz`]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('6 sent · 6 bounced · 4 deferred');
      expect(r.stdout).toMatch(/gmail\.com {2}5\.7\.26 {2}×4/);
    });
  },
);
