/**
 * The extension's texts: English and German carry the same UI messages; every hint, warning and
 * Gmail code the core can produce has a German text whose placeholders the core fills.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { GMAIL_CODES } from '../src/core/gmail-codes.ts';
import { HINT_RULES } from '../src/core/hint-rules.ts';

type Messages = Record<string, { message: string }>;
const load = (lang: string): Messages =>
  JSON.parse(
    readFileSync(new URL(`../_locales/${lang}/messages.json`, import.meta.url), 'utf8'),
  ) as Messages;
const en = load('en');
const de = load('de');
const key = (prefix: string, code: string): string =>
  `${prefix}_${code.replace(/[^A-Za-z0-9]/g, '_')}`;
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? '');

/** Every report the fixtures produce, to see the warnings and hints the core really emits. */
const fixtureDir = new URL('./fixtures/', import.meta.url);
const gmailPass = readFileSync(new URL('gmail-pass.eml', fixtureDir), 'utf8');
const underGmail = (field: string): string =>
  gmailPass.replace('DKIM-Signature:', `${field}\r\nDKIM-Signature:`);
/** Inputs that raise each kind of warning. */
const warningInputs = [
  underGmail('Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=example.com'),
  underGmail('Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=example.com'),
  underGmail('Authentication-Results: mx.google.com; x-origin=pass'),
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
  it('message names are valid for chrome.i18n and both locales have the same UI messages', () => {
    for (const name of [...Object.keys(en), ...Object.keys(de)])
      expect(name).toMatch(/^[A-Za-z0-9_@]+$/);
    expect(Object.keys(en).filter((k) => !(k in de))).toEqual([]);
  });

  it('UI messages use the same placeholders in both languages', () => {
    for (const [name, { message }] of Object.entries(en)) {
      expect(placeholders(de[name]?.message ?? '').sort(), name).toEqual(
        placeholders(message).sort(),
      );
    }
  });

  it('badge labels fit the badge (4 characters)', () => {
    for (const lang of [en, de]) {
      for (const [name, { message }] of Object.entries(lang)) {
        if (name.startsWith('badge') && !['badgeTitle', 'badgeForged'].includes(name)) {
          expect(message.length, name).toBeLessThanOrEqual(4);
        }
      }
    }
  });

  it('every hint of the table has a German text using only the placeholders of the English one', () => {
    for (const rule of HINT_RULES) {
      const text = de[key('hint', rule.code)]?.message;
      expect(text, rule.code).toBeDefined();
      expect(
        placeholders(text ?? '').filter((p) => !placeholders(rule.text).includes(p)),
        rule.code,
      ).toEqual([]);
    }
  });

  it('every hint and warning the fixtures produce has a German text whose placeholders are filled', () => {
    let seen = 0;
    for (const r of reports) {
      for (const h of r.hints) {
        const text = de[key('hint', h.code)]?.message ?? '';
        expect(
          placeholders(text).filter((p) => !(p in h.params)),
          h.code,
        ).toEqual([]);
        seen += 1;
      }
      for (const w of r.warnings) {
        const params = w.params ?? {};
        const variant = params['reason'] === undefined ? w.code : `${w.code}-${params['reason']}`;
        const text = de[key('warning', variant)]?.message;
        expect(text, variant).toBeDefined();
        expect(
          placeholders(text ?? '').filter((p) => !(p in params)),
          variant,
        ).toEqual([]);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(20);
    const codes = new Set(
      reports.flatMap((r) => r.warnings.map((w) => w.params?.['reason'] ?? w.code)),
    );
    for (const code of [
      'outside-block',
      'contradicts',
      'repeats',
      'look-alike',
      'no-authserv-id',
      'before-any-server',
      'long-line',
      'malformed-line',
      'multiple-from',
      'unknown-result',
      'no-trace',
      'received',
      'not-a-message',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it("every Gmail code's meaning and fix is translated", () => {
    for (const code of GMAIL_CODES.keys()) {
      expect(de[key('codeMeaning', code)], code).toBeDefined();
      expect(de[key('codeFix', code)], code).toBeDefined();
    }
  });
});
