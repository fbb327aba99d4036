import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { summarizeForFixture } from './helpers/fixture-expectation.ts';

/**
 * Every header set in test/fixtures/ comes with what Header Lens concludes from it, in the file
 * beside it (`gmail-pass.eml` → `gmail-pass.expect.json`, see helpers/fixture-expectation.ts):
 * adding a provider's form is adding those two files. providers.test.ts says why for the cases
 * that need words; this one holds every fixture to its expectation.
 */
const dir = new URL('./fixtures/', import.meta.url);
const messages = readdirSync(dir).filter((f) => f.endsWith('.eml'));

describe('each fixture, as its .expect.json says', () => {
  it('every .eml has its expectation, and every expectation its .eml', () => {
    const expected = readdirSync(dir).filter((f) => f.endsWith('.expect.json'));
    expect(messages.filter((f) => !existsSync(new URL(expectationOf(f), dir)))).toEqual([]);
    expect(expected.map((f) => f.replace(/\.expect\.json$/, '.eml'))).toEqual(messages);
    expect(messages.length).toBeGreaterThan(20);
  });

  it.each(messages)('%s', (name) => {
    const report = analyzeMessage(readFileSync(new URL(name, dir), 'utf8'));
    const expected: unknown = JSON.parse(readFileSync(new URL(expectationOf(name), dir), 'utf8'));
    expect(summarizeForFixture(report)).toEqual(expected);
  });
});

function expectationOf(name: string): string {
  return name.replace(/\.eml$/, '.expect.json');
}
