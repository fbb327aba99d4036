import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/core/index.ts';
import { startDohServer } from './helpers/doh-server.ts';
import { runCli, type CliRun } from './helpers/run-cli.ts';
import { assertReportShape } from './helpers/report-shape.ts';
import { keyZone, type Keys } from './helpers/verify-zone.ts';

const root = new URL('..', import.meta.url).pathname;
const FIXTURE = 'test/fixtures/dkim-signed.eml';

const inspect = (args: string[]): Promise<CliRun> => runCli(args);

describe('npm run inspect -- --verify', () => {
  let doh: Awaited<ReturnType<typeof startDohServer>>;
  let dir: string;
  beforeAll(async () => {
    const keys = JSON.parse(
      readFileSync(join(root, 'test/fixtures/dkim-keys.json'), 'utf8'),
    ) as Keys;
    delete keys['//'];
    doh = await startDohServer(keyZone(keys));
    dir = mkdtempSync(join(tmpdir(), 'header-lens-verify-'));
  });
  afterAll(async () => {
    await doh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json: dkim[i].verify and arc.verify beside the receiver’s verdicts, and verifyInput', async () => {
    const r = await inspect(['--verify', '--doh', doh.url, '--json', FIXTURE]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.dkim.map((d) => [d.selector, d.result, d.verify?.result])).toEqual([
      ['s1', 'pass', 'pass'],
      ['ed1', 'pass', 'pass'],
    ]);
    expect(report.dkim[0]?.verify).toMatchObject({
      reason: null,
      bodyHash: { matches: true, limit: null },
      key: {
        name: 's1._domainkey.example.com',
        bits: 2048,
        algorithm: 'rsa',
        revoked: false,
        testing: false,
      },
      resolver: `${new URL(doh.url).host} (${doh.url})`,
    });
    expect(report.dkim[0]?.verify?.checkedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(report.arc.verify).toMatchObject({
      result: 'pass',
      instances: [{ instance: 1, sealedBy: 'google.com' }],
    });
    expect(report.verifyInput).toMatchObject({
      source: 'eml',
      approximate: false,
      truncated: false,
    });
    // --verify alone is not --live.
    expect(report.spf.live).toBeUndefined();
    assertReportShape(report);
    // Only key names were asked.
    expect(doh.log.queries.every((q) => /^[a-z0-9-]+\._domainkey\.[a-z0-9.-]+ TXT$/.test(q))).toBe(
      true,
    );
  });

  it('the readable report lists each signature verified now, apart from the verdicts', async () => {
    const r = await inspect(['--verify', '--doh', doh.url, FIXTURE]);
    expect(r.stdout).toMatch(/Verified now — keys in current DNS as of \S+ via /);
    expect(r.stdout).toMatch(
      /DKIM {2}✓ PASS +d=example\.com s=s1 — Verifies with the key published now at/,
    );
    expect(r.stdout).toContain(
      'i=1 sealed by google.com (mx.google.com): seal pass, message signature pass',
    );
  });

  it('a changed body: the mismatch, both hashes, and a warning that the copy is not the receiver’s', async () => {
    const changed = join(dir, 'changed.eml');
    writeFileSync(
      changed,
      readFileSync(join(root, FIXTURE), 'latin1').replace('has shipped', 'was lost'),
      'latin1',
    );
    const report = JSON.parse(
      (await inspect(['--verify', '--doh', doh.url, '--json', changed])).stdout,
    ) as Report;
    const v = report.dkim[0]?.verify;
    expect([v?.result, v?.reason, v?.headerSignature]).toEqual([
      'fail',
      'body-hash-mismatch',
      'valid',
    ]);
    expect(v?.bodyHash?.computed).not.toBe(v?.bodyHash?.expected);
    expect(report.warnings.filter((w) => w.code === 'dkim-verify-disagrees')).toHaveLength(2);
    assertReportShape(report);
    expect(report.arc.verify).toMatchObject({
      result: 'fail',
      reason: 'message-signature-failed',
      brokenInstance: 1,
    });
  });

  it('--markdown: one line per signature and one for ARC (Copy report)', async () => {
    const r = await inspect(['--verify', '--doh', doh.url, '--markdown', FIXTURE]);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('- **DKIM** `d=example.com'))).toEqual([
      expect.stringMatching(
        /^- \*\*DKIM\*\* `d=example.com s=s1`: \*\*PASS\*\* — Verifies .* \(at delivery: pass\)$/,
      ),
      expect.stringMatching(/^- \*\*DKIM\*\* `d=example.com s=ed1`: \*\*PASS\*\* — .*Ed25519.*$/),
    ]);
    expect(lines.some((l) => l.startsWith('- **ARC:** **PASS**'))).toBe(true);
  });

  it('--live includes --verify', async () => {
    const report = JSON.parse(
      (await inspect(['--live', '--doh', doh.url, '--json', FIXTURE])).stdout,
    ) as Report;
    expect(report.spf.live).toBeDefined();
    expect(report.dkim.map((d) => d.verify?.result)).toEqual(['pass', 'pass']);
  });

  it('a message read from standard input is verified as the bytes given', async () => {
    const { stdout } = await runCli(['--verify', '--doh', doh.url, '--json', '-'], {
      input: readFileSync(join(root, FIXTURE)),
    });
    expect((JSON.parse(stdout) as Report).dkim.map((d) => d.verify?.result)).toEqual([
      'pass',
      'pass',
    ]);
  });
});
