import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureHeaderSection, generateManyHops, WORST_INPUTS } from '../bench/inputs.ts';
import { analyzeMessage } from '../src/core/index.ts';
import { prng } from './helpers/prng.ts';

/**
 * Pins every report byte for byte: analyzeMessage over every fixture, over the bench's generated
 * inputs (the typical Gmail header section, 100 hops, the worst inputs within the 1 MiB cap) and
 * over seeded mutations of the fixtures, each report serialized with JSON.stringify (key order
 * is part of the JSON contract, so it is pinned too). A speed-up of the parsers must leave every
 * snapshot unchanged; a deliberate change of behaviour updates them with `vitest -u` and says so
 * in its commit.
 *
 * The fixtures' reports are stored whole, so a change shows as a diff; the generated inputs'
 * reports (megabytes for the worst ones) and the mutations are stored as SHA-256 digests.
 */

const fixtureRoot = new URL('./fixtures/', import.meta.url);

/** Every fixture file but the JSON ones (expected results and keys, not input), sorted. */
function fixtureFiles(): string[] {
  return readdirSync(fixtureRoot, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.json'))
    .map((e) => `${e.parentPath.slice(fixtureRoot.pathname.length)}/${e.name}`.replace(/^\//, ''))
    .sort();
}

const fixtures = fixtureFiles().map((name) => ({
  name,
  raw: readFileSync(new URL(name, fixtureRoot), 'utf8'),
}));

function reportJson(raw: string): string {
  return JSON.stringify(analyzeMessage(raw));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Pieces the mutations insert: the separators, quotes, comments and encodings parsers branch on. */
const PIECES = [
  ' ',
  '\t',
  '\r\n',
  '\n',
  '\r\n\t',
  '\n ',
  '(',
  ')',
  '"',
  '\\',
  ';',
  '=',
  ':',
  '<',
  '>',
  '[',
  ']',
  '@',
  '.',
  ',',
  '=?',
  '?=',
  '=?utf-8?B?',
  '=?UTF-8?Q?',
  ' by ',
  ' from ',
  ' with ',
  ' for ',
  ' id ',
  'spf=pass',
  'dkim=fail',
  'dmarc=pass',
  'smtp.mailfrom=',
  'header.d=',
  'client-ip=',
  '203.0.113.5',
  '2001:db8::1',
  'Mon, 4 Mar 2024 10:00:00 +0000',
  '\u00a0',
  '\u2028',
  'é',
];

/** One seeded mutation of `text`: a piece inserted, a range deleted or a range duplicated. */
function mutate(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const kind = Math.floor(rand() * 4);
  if (kind === 0 || text.length === 0) {
    const piece = PIECES[Math.floor(rand() * PIECES.length)] ?? ' ';
    return text.slice(0, at) + piece + text.slice(at);
  }
  const len = 1 + Math.floor(rand() * 40);
  if (kind === 1) return text.slice(0, at) + text.slice(at + len);
  if (kind === 2) return text.slice(0, at) + text.slice(at, at + len).repeat(2) + text.slice(at);
  // Lines swapped: fields out of their usual order.
  const lines = text.split('\n');
  const i = Math.floor(rand() * lines.length);
  const j = Math.floor(rand() * lines.length);
  const a = lines[i] ?? '';
  lines[i] = lines[j] ?? '';
  lines[j] = a;
  return lines.join('\n');
}

/** Variants that take other paths through the header section reader. */
function variants(raw: string): Record<string, string> {
  return {
    crlf: raw.replace(/\r?\n/g, '\r\n'),
    'cr-only': raw.replace(/\r?\n/g, '\r'),
    // Headers copied from a web page: continuation lines lose their indentation.
    'lost-folding': raw.replace(/\n[ \t]+/g, '\n'),
    'headers-only': raw.slice(0, Math.max(0, raw.search(/\r?\n\r?\n/))),
  };
}

// A few seconds of analysis, more on a loaded machine: vitest's default 5 s is too tight.
describe('report snapshots', { timeout: 120_000 }, () => {
  it('every fixture: the whole report', async () => {
    const out: Record<string, unknown> = {};
    for (const f of fixtures) out[f.name] = JSON.parse(reportJson(f.raw));
    expect(Object.keys(out).length).toBeGreaterThan(60);
    await expect(`${JSON.stringify(out, null, 1)}\n`).toMatchFileSnapshot(
      './snapshots/fixture-reports.json',
    );
  });

  it('every fixture in other line ends, without folding, headers only, and mutated', async () => {
    const out: Record<string, string> = {};
    for (const f of fixtures) {
      for (const [kind, text] of Object.entries(variants(f.raw))) {
        out[`${f.name} ${kind}`] = digest(reportJson(text));
      }
      const rand = prng(digest(f.name).charCodeAt(0) * 7919 + f.raw.length);
      let text = f.raw;
      const mutated: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        // Mutations accumulate, so later ones are further from anything real.
        text = mutate(text, rand);
        mutated.push(reportJson(text));
      }
      out[`${f.name} mutated`] = digest(mutated.join('\n'));
    }
    await expect(`${JSON.stringify(out, null, 1)}\n`).toMatchFileSnapshot(
      './snapshots/variant-reports.json',
    );
  });

  it("the bench's generated inputs, worst ones included", async () => {
    const typical = fixtureHeaderSection();
    const inputs: Record<string, string> = {
      typical: typical.text,
      'hops-100': generateManyHops(100, typical.eol),
      'hops-100-lf': generateManyHops(100, '\n'),
    };
    for (const w of WORST_INPUTS) inputs[`worst ${w.id}`] = w.raw;
    const out: Record<string, { chars: number; sha256: string }> = {};
    for (const [id, raw] of Object.entries(inputs)) {
      const json = reportJson(raw);
      out[id] = { chars: json.length, sha256: digest(json) };
    }
    await expect(`${JSON.stringify(out, null, 1)}\n`).toMatchFileSnapshot(
      './snapshots/generated-reports.json',
    );
  });
});
