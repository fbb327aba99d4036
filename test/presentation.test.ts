// Over 300 lines: expectations per fixture, then rules over every fixture.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeMessage,
  presentReport,
  renderMarkdown,
  type Phrase,
  type Presentation,
  type Report,
} from '../src/core/index.ts';
import { fill } from '../src/core/fill-template.ts';
import { HINT_RULES } from '../src/core/findings/hint-rules.ts';
import { checkLive, liveQueryOf, withLive } from '../src/core/live/check-live.ts';
import { ACTION_TEXTS } from '../src/core/present/choose-action.ts';
import { LIVE_TEXTS } from '../src/core/present/present-live.ts';
import { PROTOCOL_TEXTS } from '../src/core/present/present-path.ts';
import { VERDICT_TEXTS } from '../src/core/verdicts/derive-verdict.ts';
import { zoneResolver, type Zone, type ZoneRecord } from './helpers/doh-server.ts';

/**
 * The presentation model (src/core/present/): one verdict in plain words, one next step that is
 * safe to follow, current DNS apart from the delivery-time verdict, and a failed lookup said to
 * have failed. Every view (popup, terminal, Copy report) draws this; these tests pin what it
 * decides, per fixture and as rules over every fixture.
 */

const fixtureDir = new URL('./fixtures/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, fixtureDir), 'utf8');
const analyze = (name: string): Report => analyzeMessage(read(name));
const FIXTURES = readdirSync(fixtureDir).filter((f) => f.endsWith('.eml'));
const TRUST = readdirSync(new URL('trust/', fixtureDir))
  .filter((f) => f.endsWith('.eml'))
  .map((f) => `trust/${f}`);
const ALL = [...FIXTURES, ...TRUST];

const meta = { resolver: 'Test DoH (http://doh.test)', checkedAt: '2026-11-27T12:00:00Z' };
const txt = (data: string, ttl = 3600): ZoneRecord => ({ type: 'TXT', data: `"${data}"`, ttl });
const sample = (): Report =>
  analyzeMessage(readFileSync(new URL('../src/cli/sample.eml', import.meta.url), 'utf8'));

/** The sample (Gmail softfail for 2001:db8:5c1::26 from example.com) checked against `zone`. */
async function sampleWithDns(zone: Zone): Promise<Report> {
  const report = sample();
  return withLive(report, await checkLive(liveQueryOf(report), zoneResolver(zone), meta));
}

describe('the verdict of every provider fixture', () => {
  const expected: Record<string, [string, string, string]> = {
    'aol-softfail.eml': ['unauthenticated', 'no-pass', 'add-mechanism'],
    'dkim-signed.eml': ['authenticated', 'dmarc-both', 'none'],
    'fastmail-pass.eml': ['authenticated', 'dmarc-both', 'none'],
    'gmail-dkim-body-hash.eml': ['authenticated', 'dmarc-spf', 'hint'],
    'gmail-dkim-no-key.eml': ['authenticated', 'dmarc-spf', 'hint'],
    'gmail-dmarc-reject.eml': ['unauthenticated', 'dmarc-reject', 'hint'],
    'gmail-groups.eml': ['forwarded', 'arc-list', 'none'],
    'gmail-ipv6-neutral.eml': ['authenticated', 'dmarc-dkim', 'add-mechanism'],
    'gmail-pass.eml': ['authenticated', 'dmarc-both', 'none'],
    'gmail-permerror.eml': ['authenticated', 'dmarc-dkim', 'fix-record'],
    'gmail-softfail.eml': ['unauthenticated', 'gmail-reject', 'add-mechanism'],
    'gmail-spf-none.eml': ['unauthenticated', 'gmail-reject', 'publish-record'],
    'gmail-temperror.eml': ['authenticated', 'dmarc-dkim', 'hint'],
    'gmail-to-gmail.eml': ['authenticated', 'dmarc-both', 'none'],
    'gmail-two-dkim.eml': ['authenticated', 'dmarc-both', 'none'],
    'gmail-workspace-gateway.eml': ['authenticated', 'dmarc-both', 'none'],
    'icloud-softfail.eml': ['authenticated', 'dmarc-dkim', 'add-mechanism'],
    'm365-compauth-pass.eml': ['authenticated', 'dmarc-both', 'none'],
    'm365-oreject.eml': ['unauthenticated', 'dmarc-reject', 'add-mechanism'],
    'outlook-bestguesspass.eml': ['authenticated', 'bestguess', 'hint'],
    'postfix-policyd.eml': ['authenticated', 'dmarc-both', 'none'],
    'rfc8463-signed.eml': ['unknown', 'no-results', 'hint'],
    'yahoo-pass.eml': ['authenticated', 'dmarc-both', 'none'],
  };

  it('lists every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual([...FIXTURES].sort());
  });

  for (const [file, [status, code, kind]] of Object.entries(expected)) {
    it(`${file}: ${status} (${code}), next step ${kind}`, () => {
      const p = presentReport(analyze(file));
      expect(p.verdict).toMatchObject({ status, code });
      expect(p.action.kind).toBe(kind);
    });
  }

  it('says it in words: the headline of a Gmail softfail names the rejection and the domain', () => {
    expect(analyze('gmail-softfail.eml').verdict.headline).toBe(
      'Gmail would reject mail like this (5.7.26): neither SPF nor DKIM passes for example.net',
    );
    expect(analyze('gmail-groups.eml').verdict.headline).toMatch(
      /^Forwarded by a mailing list: DMARC failed for \S+, Gmail accepted it on ARC$/,
    );
  });
});

describe('the next step is safe to follow', () => {
  const cases = ALL.map((f) => [f, analyze(f)] as const);

  it('a whole record only where the receiver found none, and it authorizes just the client', () => {
    for (const [file, r] of cases) {
      const a = presentReport(r).action;
      if (a.kind !== 'publish-record') continue;
      expect(r.spf.result, file).toBe('none');
      expect(a.record?.value, file).toMatch(/^v=spf1 ip[46]:\S+ ~all$/);
      expect(a.record?.value, file).toContain(r.spf.clientIp ?? '?');
    }
  });

  it('where a record is published, the mechanism to add and the way to the exact record', () => {
    for (const [file, r] of cases) {
      const a = presentReport(r).action;
      if (r.spf.result === 'none' || r.spf.result === null) continue;
      // Never a record that would replace the published one, in the action or in any hint.
      expect(a.kind === 'publish-record', file).toBe(false);
      expect(r.spf.fix?.record ?? null, file).toBeNull();
      if (a.kind === 'add-mechanism') {
        expect(a.record, file).toBeNull();
        expect(a.add?.mechanism, file).toBe(
          `ip${r.spf.clientIp?.includes(':') ? 6 : 4}:${r.spf.clientIp}`,
        );
        expect(a.checkDns, file).toBe(true);
      }
    }
  });

  it('suspicious, forwarded and unknown messages get no record and no mechanism', () => {
    let seen = 0;
    for (const [file, r] of cases) {
      if (!['suspicious', 'forwarded', 'unknown'].includes(r.verdict.status)) continue;
      seen += 1;
      const p = presentReport(r);
      expect(p.action.record, file).toBeNull();
      expect(p.action.add, file).toBeNull();
      expect(r.spf.fix, file).toBeNull();
      expect(
        r.hints.filter((h) => h.code.startsWith('spf-fix')),
        file,
      ).toEqual([]);
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('forged results: a caution for whoever reads the message, first and alone', () => {
    const forged = TRUST.map((f) => analyze(f)).filter((r) => r.verdict.status === 'suspicious');
    expect(forged.length).toBeGreaterThan(5);
    for (const r of forged) {
      const p = presentReport(r);
      expect(p.verdict.tone).toBe('bad');
      expect(p.action.kind).toBe('caution');
      expect(p.action.title.text).toBe('Do not trust this message');
      expect(p.alerts.length).toBeGreaterThan(0);
    }
  });

  it('the hint the next step shows is not repeated below it', () => {
    for (const [file, r] of cases) {
      const p = presentReport(r);
      if (p.action.hint === null) continue;
      expect(
        p.hints.map((h) => h.code),
        file,
      ).not.toContain(p.action.hint);
    }
  });

  it('hints come errors first, then warnings, then information', () => {
    const rank = { error: 0, warning: 1, info: 2 } as const;
    for (const [file, r] of cases) {
      const ranks = r.hints.map((h) => rank[h.severity]);
      expect(ranks, file).toEqual([...ranks].sort((a, b) => a - b));
    }
  });
});

describe('current DNS beside the verdict', () => {
  it('today’s record without the IP: the record built from it, keeping every mechanism', async () => {
    const r = await sampleWithDns({
      'example.com': [txt('v=spf1 ip4:203.0.113.0/24 include:_spf.mail.example ~all')],
      '_spf.mail.example': [txt('v=spf1 ip4:198.51.100.0/24 ~all')],
    });
    const p = presentReport(r);
    expect(p.verdict.code).toBe('gmail-reject');
    expect(p.action.kind).toBe('publish-merged');
    expect(p.action.record?.value).toBe(
      'v=spf1 ip6:2001:db8:5c1::26 ip4:203.0.113.0/24 include:_spf.mail.example ~all',
    );
    expect(p.action.text?.code).toBe('publish-merged-text');
    expect(p.action.text?.params).toMatchObject({ lookups: '1', added: 'ip6:2001:db8:5c1::26' });
    // The offline "add this mechanism" advice gives way to the exact record: one record shown.
    expect(p.hints.filter((h) => h.code.startsWith('spf-fix'))).toEqual([]);
    const spf = p.live?.items.find((i) => i.method === 'spf');
    expect(spf).toMatchObject({ state: 'problem', record: expect.stringContaining('v=spf1') });
    expect(spf?.details.map((d) => d.code)).toEqual(['lookups', 'ttl']);
  });

  it('two published records: merged into one, and the step says so', async () => {
    const r = await sampleWithDns({
      'example.com': [txt('v=spf1 ip4:203.0.113.0/24 -all'), txt('v=spf1 mx ~all')],
    });
    const p = presentReport(r);
    expect(p.action.kind).toBe('publish-merged');
    expect(p.action.notes.map((n) => n.code)).toContain('note-merged');
  });

  it('today’s record already authorizes the client: send a new test, nothing to publish', async () => {
    const r = await sampleWithDns({ 'example.com': [txt('v=spf1 ip6:2001:db8:5c1::/64 -all')] });
    const p = presentReport(r);
    expect(p.action).toMatchObject({ kind: 'retest', record: null, add: null });
    expect(p.live?.items.find((i) => i.method === 'spf')?.state).toBe('ok');
  });

  it('a lookup that fails is said to have failed: never "no record", never a record to publish', async () => {
    for (const failure of ['TIMEOUT', 'SERVFAIL'] as const) {
      const r = await sampleWithDns({ 'example.com': failure, '_dmarc.example.com': failure });
      const p = presentReport(r);
      expect(p.action.kind, failure).toBe('dns-error');
      expect(p.action.record, failure).toBeNull();
      expect(p.action.title.text).toBe('Current DNS for example.com could not be read');
      const live = p.live;
      expect(live?.complete).toBe(false);
      expect(live?.status.code).toBe('incomplete');
      for (const method of ['spf', 'dmarc'] as const) {
        const item = live?.items.find((i) => i.method === method);
        expect(item?.state, `${failure} ${method}`).toBe('error');
        expect(item?.summary.code, `${failure} ${method}`).toBe('lookup-failed-item');
      }
      // The list of what failed names each name and the resolver, in a whole sentence.
      expect(live?.errors.map((e) => e.text)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^couldn't read current DNS for example\.com via Test DoH/),
        ]),
      );
      const codes = live?.items.map((i) => i.summary.code) ?? [];
      expect(codes).not.toContain('spf-none');
      expect(codes).not.toContain('dmarc-none');
      const md = renderMarkdown(r);
      expect(md).toContain('— incomplete, some lookups failed');
      expect(md).toContain("- **SPF** `example.com`: couldn't be read: ");
      expect(md).not.toMatch(/publishes no SPF record|no DMARC record/);
    }
  });

  it('no record today: said as a finding, and the whole record is the step', async () => {
    const report = analyze('gmail-spf-none.eml');
    const live = await checkLive(
      liveQueryOf(report),
      zoneResolver({ 'host.example.net': [{ type: 'A', data: '203.0.113.60' }] }),
      meta,
    );
    const p = presentReport(withLive(report, live));
    const spf = p.live?.items.find((i) => i.method === 'spf');
    expect(spf).toMatchObject({ state: 'problem', summary: { code: 'spf-none' } });
    expect(['publish-merged', 'publish-record']).toContain(p.action.kind);
    expect(p.action.record?.value).toMatch(/^v=spf1 ip4:203\.0\.113\.60 /);
  });

  it('a weak DKIM key is a problem, with the reason beside it', async () => {
    // 512-bit RSA key (a test key: never use one).
    const key512 =
      'MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMI0Tf7dUfhbs6ySHnSqVc3iDu+XHcQE5wW1ao4JoHV9VbX/mVHVRplH6qyLMC39/vQvAoUNUq+ypZ4wmQeKTv0CAwEAAQ==';
    const report = analyze('gmail-pass.eml');
    const query = liveQueryOf(report);
    const keyName = query.dkimKeys[0];
    expect(keyName).toBeDefined();
    const live = await checkLive(
      query,
      zoneResolver({ [keyName ?? '']: [txt(`v=DKIM1; k=rsa; p=${key512}`)] }),
      meta,
    );
    const dkim = presentReport(withLive(report, live)).live?.items.find((i) => i.method === 'dkim');
    expect(dkim?.state).toBe('problem');
    expect(dkim?.details.map((d) => d.code)).toContain('dkim-weak');
  });
});

/** Every phrase of a presentation, with the table its family's template comes from. */
function phrases(p: Presentation): Phrase[] {
  return [
    p.action.title,
    ...(p.action.text === null ? [] : [p.action.text]),
    ...p.action.notes,
    ...p.path.hops.flatMap((h) => (h.protocol === null ? [] : [h.protocol])),
    ...(p.live === null
      ? []
      : [
          p.live.status,
          ...p.live.errors,
          ...p.live.items.flatMap((i) => [i.summary, ...i.details]),
        ]),
  ];
}

const TABLES: Record<string, Readonly<Record<string, string>>> = {
  action: ACTION_TEXTS,
  liveSays: LIVE_TEXTS,
  protocol: PROTOCOL_TEXTS,
  hint: Object.fromEntries(HINT_RULES.map((r) => [r.code, r.text])),
};

describe('every phrase is its template filled with its values (what the translations rely on)', () => {
  it('over every fixture, and with current DNS', async () => {
    const reports = [
      ...ALL.map(analyze),
      await sampleWithDns({ 'example.com': [txt('v=spf1 ip4:203.0.113.0/24 -all')] }),
      await sampleWithDns({ 'example.com': 'TIMEOUT' }),
    ];
    let checked = 0;
    for (const r of reports) {
      const p = presentReport(r);
      const entry = VERDICT_TEXTS[p.verdict.code];
      expect(entry?.status).toBe(p.verdict.status);
      expect(fill(entry?.text ?? '', p.verdict.params)).toBe(p.verdict.headline);
      for (const phrase of phrases(p)) {
        if (phrase.family === null) continue;
        const table = TABLES[phrase.family];
        if (table === undefined) continue;
        expect(table[phrase.code], `${phrase.family} ${phrase.code}`).toBeDefined();
        expect(fill(table[phrase.code] ?? '', phrase.params)).toBe(phrase.text);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});
