import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { analyzeMessage } from '../src/core/index.ts';
import { summarizeForFixture } from '../test/helpers/fixture-expectation.ts';
const dir =../test/fixtures/';
for (const f of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
  const r = analyzeMessage(readFileSync(dir + f, 'utf8'));
  writeFileSync(dir + f.replace(/\.eml$/, '.expected.json'), JSON.stringify(summarizeForFixture(r), null, 2) + '\n');
}
