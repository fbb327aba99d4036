/**
 * Verify section: local DKIM and ARC verification (src/core/dkim) of a typical delivered message
 * (test/fixtures/dkim-signed.eml: an RSA and an Ed25519 signature and an ARC set) and of a 10 MB
 * message (a 2048-bit RSA relaxed/relaxed and an Ed25519 simple/simple signature over a 10 MiB
 * body), from the bytes and from Show original's text. Keys come from an in-memory resolver, so
 * DNS time is not in the figures; crypto is Node's WebCrypto. SHA-256 of the 10 MiB body is
 * timed too, as the floor any verifier pays.
 */
import { readFileSync } from 'node:fs';
import {
  createWebCryptoDkim,
  verifyMessage,
  type MessageVerification,
  type Resolver,
  type VerifySource,
} from '../../src/core/index.ts';
import { ed25519Key, rsaKey, signDkim, testMessage } from '../../test/helpers/dkim-signer.ts';
import { measure, type BenchCase, type MeasureOptions, type Timing } from '../harness.ts';
import { generateBody } from '../inputs.ts';
import {
  formatBytes,
  formatNumber,
  timingMeasurement,
  type BenchSection,
  type Check,
  type SectionResult,
} from '../report.ts';

const BODY_BYTES = 10 * 1024 * 1024;
/** Each 10 MB call takes tens of milliseconds: fewer, longer samples (≈ 5 cases × 1.5 s). */
const OPTIONS: MeasureOptions = { warmupMs: 500, samples: 21, sampleMs: 5 };
const crypto = createWebCryptoDkim(globalThis.crypto.subtle);

function resolverOf(records: Readonly<Record<string, string>>): Resolver {
  return (name) => {
    const record = records[name];
    return Promise.resolve(
      record === undefined
        ? { status: 'nxdomain', ttl: 60 }
        : { status: 'ok', records: [record], ttl: 300, authenticated: false },
    );
  };
}

function verify(raw: Uint8Array | string, source: VerifySource, resolver: Resolver) {
  return (): Promise<MessageVerification> =>
    verifyMessage(raw, { source, resolver, resolverName: 'bench', crypto });
}

function results(v: MessageVerification): string {
  return [...v.signatures.map((s) => s.verify.result), `arc ${v.arc.result}`].join(', ');
}

function timingOf(timings: ReadonlyMap<string, Timing>, id: string): Timing {
  const t = timings.get(id);
  if (t === undefined) throw new Error(`no timing for case ${id}`);
  return t;
}

async function run(): Promise<SectionResult> {
  const typical = new Uint8Array(
    readFileSync(new URL('../../test/fixtures/dkim-signed.eml', import.meta.url)),
  );
  const keys = JSON.parse(
    readFileSync(new URL('../../test/fixtures/dkim-keys.json', import.meta.url), 'utf8'),
  ) as Record<string, string>;
  const typicalResolver = resolverOf(keys);

  const rsa = rsaKey(2048);
  const ed = ed25519Key();
  const body = generateBody(BODY_BYTES, '\r\n');
  let big = signDkim(testMessage(body), { key: rsa, c: 'relaxed/relaxed' });
  big = signDkim(big, { key: ed, algorithm: 'ed25519-sha256', selector: 'ed', c: 'simple/simple' });
  const bigBytes = new Uint8Array(Buffer.from(big, 'latin1'));
  const bigText = Buffer.from(big.replace(/\r\n/g, '\n'), 'latin1').toString('latin1');
  const bigResolver = resolverOf({
    's1._domainkey.example.com': rsa.record,
    'ed._domainkey.example.com': ed.record,
  });
  const bodyBytes = bigBytes.subarray(bigBytes.length - BODY_BYTES);

  const checks: Check[] = [];
  for (const [label, v, want] of [
    [
      'typical, bytes',
      await verify(typical, 'download', typicalResolver)(),
      'pass, pass, arc pass',
    ],
    ['10 MB, bytes', await verify(bigBytes, 'eml', bigResolver)(), 'pass, pass, arc none'],
    ['10 MB, <pre> text', await verify(bigText, 'pre', bigResolver)(), 'pass, pass, arc none'],
  ] as const) {
    checks.push({ label: `${label}: ${results(v)}`, ok: results(v) === want });
  }

  const cases: BenchCase[] = [
    { id: 'typical', kind: 'async', run: verify(typical, 'download', typicalResolver) },
    { id: 'big', kind: 'async', run: verify(bigBytes, 'eml', bigResolver) },
    { id: 'big-pre', kind: 'async', run: verify(bigText, 'pre', bigResolver) },
    { id: 'sha', kind: 'async', run: () => crypto.sha256(bodyBytes) },
  ];
  const timings = await measure(cases, OPTIONS);
  const t = timingOf(timings, 'typical');
  const b = timingOf(timings, 'big');
  const p = timingOf(timings, 'big-pre');
  const h = timingOf(timings, 'sha');
  const ms = (x: Timing): string => `${formatNumber(x.medianUs / 1000)} ms`;

  return {
    measurements: [
      timingMeasurement(
        'verifyMessage — typical delivered message',
        formatBytes(typical.length),
        t,
      ),
      timingMeasurement('verifyMessage — 10 MB message, bytes', formatBytes(bigBytes.length), b),
      timingMeasurement(
        'verifyMessage — 10 MB message, <pre> text',
        formatBytes(bigText.length),
        p,
      ),
      timingMeasurement('SHA-256 of the 10 MiB body (WebCrypto)', formatBytes(BODY_BYTES), h),
    ],
    goals: [
      {
        label: '10 MB verify (2 signatures) / one SHA-256 of the body',
        value: b.medianUs / h.medianUs,
        unit: '×',
        op: '<=',
        target: 12,
        basis: `${ms(b)} / ${ms(h)}`,
      },
      {
        label: '10 MB from <pre> text / from bytes',
        value: p.medianUs / b.medianUs,
        unit: '×',
        op: '<=',
        target: 2,
        basis: `${ms(p)} / ${ms(b)}`,
      },
    ],
    checks,
    notes: [
      'Two signatures over the 10 MB body cost one relaxed canonicalization pass, one simple one (a view of the body, or a copy when it lacks a final CRLF, as here) and two SHA-256 hashes; the <pre> case also rebuilds CRLF and encodes the text.',
      'DNS is an in-memory resolver here: against a real DoH resolver, add one round trip per key (queries run in parallel).',
    ],
  };
}

export const verifySection: BenchSection = {
  id: 'verify',
  title: 'Local verification — verifyMessage (src/core/dkim) with Node WebCrypto',
  run,
};
