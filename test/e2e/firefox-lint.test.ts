/** Mozilla's add-on linter (web-ext lint) on the Firefox build: what AMO would reject or flag. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FIREFOX_EXTENSION_DIR } from './harness.ts';

const root = new URL('../..', import.meta.url).pathname;

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

describe('web-ext lint on dist/firefox', () => {
  it('reports no errors and no warnings', () => {
    const out = execFileSync(
      `${root}node_modules/.bin/web-ext`,
      ['lint', '--source-dir', FIREFOX_EXTENSION_DIR, '--output', 'json', '--no-input'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
    );
    const report = JSON.parse(out.slice(out.indexOf('{'))) as {
      summary: { errors: number; warnings: number; notices: number };
      errors: LintMessage[];
      warnings: LintMessage[];
    };
    expect(report.errors.map((m) => `${m.code}: ${m.message}`)).toEqual([]);
    expect(report.warnings.map((m) => `${m.code}: ${m.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });
});
