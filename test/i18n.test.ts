// Over 300 lines: it walks every code family against both catalogues, and the families' code lists
// are here.
/**
 * The extension's texts. English and German carry the same messages; every message name the
 * extension can ask for exists in both (Firefox logs "Unknown localization message" for a missing
 * one, Chromium says nothing); the English catalogue says what the core says, so the CLI and the
 * popup never drift apart.
 *
 * Names come from two places: literals (`t('copyReport')`), which the type of `t` checks against
 * the English catalogue, and names built from a code the core reports (`messageKey('hint', code)`),
 * whose every code is listed below per family, from the core's own tables and types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { KNOWN_RESULTS } from '../src/core/parse/auth-result-tokens.ts';
import { WARNINGS } from '../src/core/findings/warning-catalogue.ts';
import { variantOf } from '../src/core/findings/warning-variant.ts';
import { fill } from '../src/core/fill-template.ts';
import { GMAIL_CODES } from '../src/core/findings/gmail-codes.ts';
import { HINT_RULES } from '../src/core/findings/hint-rules.ts';
import type { SpfAdvice } from '../src/core/live/build-spf-fix.ts';
import type { Severity } from '../src/core/report.ts';
import { VERDICT_TEXTS } from '../src/core/verdicts/derive-verdict.ts';
import { ACTION_TEXTS } from '../src/core/present/choose-action.ts';
import { LIVE_TEXTS } from '../src/core/present/present-live.ts';
import { PROTOCOL_TEXTS } from '../src/core/present/present-path.ts';
import { ALIGNMENT_TEXTS, FACT_LABELS } from '../src/core/present/present-rows.ts';
import { VERIFY_VIEW_TEXTS } from '../src/core/present/present-verify.ts';
import {
  ARC_TEXTS,
  NOTE_TEXTS,
  VERIFY_PARTS,
  VERIFY_TEXTS,
} from '../src/core/dkim/verify-texts.ts';
import type { DownloadFailure } from '../src/platform/messages.ts';
import { BADGE_LABEL_KEYS, badgeText } from '../src/background/badge-text.ts';
import { KEY_FAMILIES, messageKey, type KeyFamily } from '../src/platform/message-keys.ts';

type Messages = Record<string, { message: string }>;
const load = (lang: string): Messages =>
  JSON.parse(
    readFileSync(new URL(`../_locales/${lang}/messages.json`, import.meta.url), 'utf8'),
  ) as Messages;
const en = load('en');
const de = load('de');
const catalogues = { en, de };
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? '');

/** Every member of a union type, checked by the compiler: a new member fails the typecheck. */
const members = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[];
const SEVERITIES = members<Severity>({ error: true, warning: true, info: true });
const ADVICE = members<SpfAdvice['code']>({
  'record-error': true,
  'too-long': true,
  'lookup-limit': true,
  'still-fails': true,
  'dns-incomplete': true,
});

const DOWNLOAD_FAILURES = members<DownloadFailure>({
  'no-url': true,
  'http-error': true,
  'not-a-message': true,
  'other-message': true,
});
/** Warning variants (`code`, or `code-reason`): the core's catalogue lists every one. */
const WARNING_VARIANTS: readonly string[] = Object.keys(WARNINGS);
/** Variants the analyzer inputs below cannot raise, and why. */
const NOT_FROM_ANALYSIS: Record<string, string> = {
  'internal-error': 'reported only when the analyzer throws, which no input may make it do',
  'untrusted-auth-header-earlier-server':
    "an earlier server's results under its own id are information, never a forgery warning",
  'untrusted-auth-header-arc-earlier-server':
    "an earlier server's ARC set under its own name is information, never a forgery warning",
  'untrusted-auth-header-arc-no-authserv-id':
    'an ARC field without a name is skipped before it is judged',
  'dkim-verify-disagrees-changed-copy': 'raised by verification (test/dkim-verify.test.ts)',
  'dkim-verify-disagrees-page-copy': 'raised by verification (test/dkim-pre-path.test.ts)',
  'dkim-verify-disagrees-rebuilt-copy': 'raised by verification of a rebuilt copy',
  'truncated-verify-size': 'raised by verification (test/dkim-pre-path.test.ts)',
};

/** Popup results are shown for SPF, DKIM, DMARC and ARC (render-report.ts, render-live.ts). */
const SHOWN_RESULTS = [
  ...new Set(
    ['spf', 'dkim', 'dmarc', 'arc'].flatMap((m) => [...(KNOWN_RESULTS.get(m) ?? new Set())]),
  ),
  'unknown',
];

/** Every code each family of built names can be asked for with. */
const FAMILY_CODES: Record<KeyFamily, readonly string[]> = {
  hint: HINT_RULES.map((r) => r.code),
  warning: WARNING_VARIANTS,
  codeMeaning: [...GMAIL_CODES.keys()],
  codeFix: [...GMAIL_CODES.keys()],
  result: SHOWN_RESULTS,
  severity: SEVERITIES,
  liveAdvice: ADVICE,
  verdict: Object.keys(VERDICT_TEXTS),
  action: Object.keys(ACTION_TEXTS),
  liveSays: Object.keys(LIVE_TEXTS),
  protocol: Object.keys(PROTOCOL_TEXTS),
  fact: Object.keys(FACT_LABELS),
  alignment: Object.keys(ALIGNMENT_TEXTS),
  verifyReason: Object.keys(VERIFY_TEXTS),
  verifyNote: Object.keys(NOTE_TEXTS),
  arcVerify: Object.keys(ARC_TEXTS),
  verifyView: Object.keys(VERIFY_VIEW_TEXTS),
  verifyFallback: DOWNLOAD_FAILURES,
  verifyPart: Object.keys(VERIFY_PARTS),
};

/** The core's English templates for each family that has a table: the catalogue says the same. */
const CORE_TEMPLATES: Partial<Record<KeyFamily, Readonly<Record<string, string>>>> = {
  verdict: Object.fromEntries(Object.entries(VERDICT_TEXTS).map(([c, v]) => [c, v.text])),
  action: ACTION_TEXTS,
  liveSays: LIVE_TEXTS,
  protocol: PROTOCOL_TEXTS,
  fact: FACT_LABELS,
  alignment: ALIGNMENT_TEXTS,
  warning: Object.fromEntries(Object.entries(WARNINGS).map(([v, w]) => [v, w.text])),
  verifyReason: VERIFY_TEXTS,
  verifyNote: NOTE_TEXTS,
  arcVerify: ARC_TEXTS,
  verifyView: VERIFY_VIEW_TEXTS,
  verifyPart: VERIFY_PARTS,
};

/** Every report the fixtures produce, to see the warnings and hints the core really emits. */
const fixtureDir = new URL('./fixtures/', import.meta.url);
const gmailPass = readFileSync(new URL('gmail-pass.eml', fixtureDir), 'utf8');
const underGmail = (field: string): string =>
  gmailPass.replace('DKIM-Signature:', `${field}\r\nDKIM-Signature:`);
const aboveGmail = (field: string): string => `${field}\r\n${gmailPass}`;
/** Inputs that raise each kind of warning. */
const arcSet = (d: string, id: string): string =>
  [
    `ARC-Seal: i=1; a=rsa-sha256; cv=pass; d=${d}; s=arc; b=abc`,
    `ARC-Message-Signature: i=1; a=rsa-sha256; d=${d}; s=arc; h=from; bh=abc; b=abc`,
    `ARC-Authentication-Results: i=1; ${id}; spf=pass smtp.mailfrom=example.com`,
  ].join('\r\n');
const warningInputs = [
  underGmail('Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=example.com'),
  underGmail('Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=example.com'),
  underGmail('Authentication-Results: mx.google.com; x-origin=pass'),
  underGmail(arcSet('google.com', 'mx.google.com')),
  underGmail(arcSet('g\u043eogle.com', 'mx.g\u043eogle.com')),
  gmailPass.replace('Date:', `${arcSet('example.org', 'mx.google.com')}\r\nDate:`),
  gmailPass.replace(
    'From: Example Shop <shop@example.com>',
    'From: shop@example.com, other@example.org',
  ),
  underGmail(
    `Authentication-Results: relay.example.net; ${Array.from({ length: 101 }, () => 'x-count=pass').join('; ')}`,
  ),
  gmailPass.replace(/\r\n/g, '\r'),
  readFileSync(new URL('pasted/lost-folding.txt', fixtureDir), 'utf8'),
  underGmail('Authentication-Results: mx.gooqle.com; spf=pass smtp.mailfrom=example.com'),
  underGmail('Authentication-Results: spf=pass (sender IP is 192.0.2.9) smtp.mailfrom=example.com'),
  gmailPass.replace(
    'Date:',
    'Authentication-Results: mx.google.com; dkim=pass header.d=example.com\r\nDate:',
  ),
  gmailPass.replace(
    'Date:',
    `X-Long: ${'x'.repeat(1200)}\r\nthis is not a field\r\nFrom: other@example.net\r\nDate:`,
  ),
  gmailPass.replace('dmarc=pass (p=NONE', 'dmarc=passed (p=NONE'),
  gmailPass.replace('Received-SPF: pass', 'Received-SPF: softfail'),
  gmailPass.replace('client-ip=203.0.113.5;', 'client-ip=198.51.100.7;'),
  aboveGmail(`X-Pad: ${'y'.repeat(990)}\r\n`.repeat(1100).trimEnd()),
  aboveGmail(
    Array.from({ length: 70 }, () => 'Authentication-Results: relay.example.net; none').join(
      '\r\n',
    ),
  ),
  // A hop from outside above Gmail's: Gmail's block is not the receiver's own any more.
  aboveGmail(
    'Received: from evil.example (evil.example [198.51.100.9]) by mx.other.example with ESMTP; Mon, 4 Mar 2024 12:00:00 +0000',
  ),
  aboveGmail('ARC-Seal: i=99; a=rsa-sha256; cv=none; d=google.com; s=arc; b=abc'),
  underGmail(
    `Authentication-Results: mx.google.com; spf=pass ${'('.repeat(40)}x${')'.repeat(40)} smtp.mailfrom=example.com`,
  ),
  'Authentication-Results: example.org; spf=pass smtp.mailfrom=example.org\n\n',
  `${'Received: from a.example (a.example [192.0.2.1]) by b.example; Mon, 4 Mar 2024 11:11:11 +0000\n'.repeat(101)}\n`,
  'no headers here, just words',
];
const reports = [
  ...readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(new URL(f, fixtureDir), 'utf8')),
  ...warningInputs,
].map((raw) => analyzeMessage(raw));

describe('locales', () => {
  it('message names are valid for chrome.i18n and both locales have the same names', () => {
    for (const name of [...Object.keys(en), ...Object.keys(de)])
      expect(name).toMatch(/^[A-Za-z0-9_@]+$/);
    expect(Object.keys(en).filter((k) => !(k in de))).toEqual([]);
    expect(Object.keys(de).filter((k) => !(k in en))).toEqual([]);
  });

  it('messages use the same placeholders in both languages', () => {
    for (const [name, { message }] of Object.entries(en)) {
      expect(placeholders(de[name]?.message ?? '').sort(), name).toEqual(
        placeholders(message).sort(),
      );
    }
  });

  it('every name built from a code the core can report exists in both catalogues', () => {
    // KeyFamily is the parameter type of messageKey(): a new family must be listed here.
    expect(Object.keys(FAMILY_CODES).sort()).toEqual([...KEY_FAMILIES].sort());
    const missing: string[] = [];
    let asked = 0;
    for (const family of KEY_FAMILIES) {
      expect(FAMILY_CODES[family].length, family).toBeGreaterThan(0);
      for (const code of FAMILY_CODES[family]) {
        const name = messageKey(family, code);
        asked += 1;
        for (const [lang, catalogue] of Object.entries(catalogues))
          if (catalogue[name] === undefined) missing.push(`${lang}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(asked).toBeGreaterThan(80);
  });

  it('the names the manifest asks for (__MSG_…__) exist in both catalogues', () => {
    const manifest = readFileSync(new URL('../manifest.json', import.meta.url), 'utf8');
    const names = [...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((m) => m[1] ?? '');
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      expect(en[name], name).toBeDefined();
      expect(de[name], name).toBeDefined();
    }
  });

  it('the catalogue holds no name nothing asks for', () => {
    const sources = ['popup', 'options', 'background', 'platform']
      .flatMap((dir) => {
        const root = new URL(`../src/${dir}/`, import.meta.url);
        return readdirSync(root, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.ts'))
          .map((f) => readFileSync(new URL(f, root), 'utf8'));
      })
      .join('\n');
    const literals = new Set([...sources.matchAll(/'([A-Za-z0-9_]+)'/g)].map((m) => m[1]));
    const manifest = readFileSync(new URL('../manifest.json', import.meta.url), 'utf8');
    const built = new Set<string>(
      KEY_FAMILIES.flatMap((f) => FAMILY_CODES[f].map((code) => messageKey(f, code))),
    );
    const unused = Object.keys(en).filter(
      (name) => !literals.has(name) && !built.has(name) && !manifest.includes(`__MSG_${name}__`),
    );
    expect(unused).toEqual([]);
  });

  it("each catalogue entry's name is its code, or its code and reason", () => {
    for (const [variant, entry] of Object.entries(WARNINGS)) {
      const reason = 'reason' in entry ? entry.reason : undefined;
      expect(reason === undefined ? entry.code : `${entry.code}-${reason}`).toBe(variant);
    }
  });

  it('the inputs raise every warning variant the catalogue names, and no other', () => {
    const seen = new Set(reports.flatMap((r) => r.warnings.map(variantOf)));
    expect([...seen].filter((v) => !WARNING_VARIANTS.includes(v))).toEqual([]);
    expect(
      WARNING_VARIANTS.filter((v) => !seen.has(v) && NOT_FROM_ANALYSIS[v] === undefined),
    ).toEqual([]);
  });

  it("the English catalogue says what the core says: hints, warnings, Gmail's codes", () => {
    for (const rule of HINT_RULES)
      expect(en[messageKey('hint', rule.code)]?.message, rule.code).toBe(rule.text);
    for (const [code, info] of GMAIL_CODES) {
      expect(en[messageKey('codeMeaning', code)]?.message, code).toBe(info.meaning);
      expect(en[messageKey('codeFix', code)]?.message, code).toBe(info.fix);
    }
    let warnings = 0;
    for (const r of reports) {
      for (const w of r.warnings) {
        const template = en[messageKey('warning', variantOf(w))]?.message ?? '';
        expect(fill(template, w.params ?? {}), variantOf(w)).toBe(w.text);
        warnings += 1;
      }
      for (const h of r.hints)
        expect(fill(en[messageKey('hint', h.code)]?.message ?? '', h.params), h.code).toBe(h.text);
    }
    expect(warnings).toBeGreaterThan(15);
    for (const [family, table] of Object.entries(CORE_TEMPLATES)) {
      for (const [code, text] of Object.entries(table)) {
        expect(en[messageKey(family as KeyFamily, code)]?.message, `${family} ${code}`).toBe(text);
      }
    }
  });

  it('badge labels are one sign each in both languages, so the forgery marker fits in front', () => {
    // The real width is measured as rendered in Firefox's toolbar (test/e2e/firefox.test.ts).
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      for (const key of BADGE_LABEL_KEYS) {
        const label = catalogue[key]?.message ?? '';
        expect([...label], `${lang} ${key}`).toHaveLength(1);
        expect(badgeText(label, true).startsWith('!'), `${lang} ${key}`).toBe(true);
      }
    }
  });

  it('every hint and warning the fixtures produce has a German text whose placeholders are filled', () => {
    let seen = 0;
    for (const r of reports) {
      for (const h of r.hints) {
        const text = de[messageKey('hint', h.code)]?.message;
        expect(text, h.code).toBeDefined();
        expect(
          placeholders(text ?? '').filter((p) => !(p in h.params)),
          h.code,
        ).toEqual([]);
        seen += 1;
      }
      for (const w of r.warnings) {
        const params = w.params ?? {};
        const text = de[messageKey('warning', variantOf(w))]?.message;
        expect(text, variantOf(w)).toBeDefined();
        expect(
          placeholders(text ?? '').filter((p) => !(p in params)),
          variantOf(w),
        ).toEqual([]);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(20);
  });
});
