import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAuthenticated } from '../src/cli/inspect.ts';
import { colorWanted, safe, safeJson } from '../src/cli/terminal.ts';
import { analyzeMessage } from '../src/core/index.ts';
import { runCli, terminalControls } from './helpers/run-cli.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('inspect exit status: 0 authenticated, 1 not', () => {
  // The receiver's DMARC result decides; without one (none, Microsoft's bestguesspass, or no
  // result) an aligned SPF or DKIM pass does.
  const cases: [string, boolean][] = [
    ['gmail-pass.eml', true],
    ['gmail-ipv6-neutral.eml', true], // SPF neutral, DKIM aligned pass, DMARC pass
    ['icloud-softfail.eml', true],
    ['outlook-bestguesspass.eml', true], // no DMARC record, aligned SPF pass
    ['postfix-policyd.eml', true],
    ['gmail-softfail.eml', false],
    ['gmail-dmarc-reject.eml', false], // SPF passed, not aligned: DMARC fail
    ['gmail-groups.eml', false],
    ['m365-oreject.eml', false],
    ['aol-softfail.eml', false], // no DMARC result, nothing passed
    ['gmail-spf-none.eml', false],
    ['rfc8463-signed.eml', false], // signed, but no receiver verdict at all
  ];
  for (const [name, authenticated] of cases) {
    it(`${name}: ${authenticated ? 'authenticated' : 'not authenticated'}`, () => {
      expect(isAuthenticated(analyzeMessage(fixture(name)))).toBe(authenticated);
    });
  }
  it('a bounce is not an authenticated message', () => {
    const report = analyzeMessage('550 5.7.26 Unauthenticated email is not accepted - gsmtp');
    expect(report.input).toBe('bounce');
    expect(isAuthenticated(report)).toBe(false);
  });
});

describe('the header-lens command', { timeout: 60_000 }, () => {
  it('exit codes from the process: 0 pass, 1 fail, 2 no message; --exit-zero keeps 0', async () => {
    expect((await runCli(['test/fixtures/gmail-pass.eml'])).code).toBe(0);
    expect((await runCli(['inspect', 'test/fixtures/gmail-softfail.eml'])).code).toBe(1);
    expect(
      (await runCli(['inspect', '--exit-zero', 'test/fixtures/gmail-softfail.eml'])).code,
    ).toBe(0);
    const empty = await runCli(['inspect', '-'], { input: 'nothing here\n' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toContain('No header fields or SMTP reply found');
  });

  it('--help and --version; help COMMAND; an unknown command word is a FILE to inspect', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const line of [
      'header-lens [inspect] [FILE | -]',
      'header-lens check DOMAIN',
      'header-lens log [FILE… | -]',
    ]) {
      expect(help.stdout).toContain(line);
    }
    const version = await runCli(['--version']);
    const { version: expected } = JSON.parse(fixtureRoot('package.json')) as { version: string };
    expect(version.stdout).toBe(`header-lens ${expected}\n`);
    const topic = await runCli(['help', 'log']);
    expect(topic.code).toBe(0);
    expect(topic.stdout).toContain('Usage: header-lens log');
    expect((await runCli(['help', 'frob'])).code).toBe(2);
    const word = await runCli(['frob']);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('cannot read frob: no such file');
  });
});

describe('terminal output', () => {
  const saved = process.env['NO_COLOR'];
  afterEach(() => {
    if (saved === undefined) delete process.env['NO_COLOR'];
    else process.env['NO_COLOR'] = saved;
  });
  it('colour only on a terminal, and not when NO_COLOR is set to a non-empty value', () => {
    delete process.env['NO_COLOR'];
    expect(colorWanted({ isTTY: true })).toBe(true);
    expect(colorWanted({ isTTY: false })).toBe(false);
    expect(colorWanted({})).toBe(false);
    process.env['NO_COLOR'] = '1';
    expect(colorWanted({ isTTY: true })).toBe(false);
    process.env['NO_COLOR'] = '';
    expect(colorWanted({ isTTY: true })).toBe(true);
  });
  it('JSON output escapes what a terminal would act on, and parses back to the same value', () => {
    const value = { text: 'a\u001b[2Jb\u0007c\u009b31md\u202eevil\u2066x\u007f' };
    const out = safeJson(value);
    expect(terminalControls(out)).toEqual([]);
    expect(out).toContain('\\u001b[2J');
    expect(out).toContain('\\u009b31m');
    expect(out).toContain('\\u202e');
    expect(JSON.parse(out)).toEqual(value);
  });
});

function fixtureRoot(name: string): string {
  return readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
}

describe('safe(): hostile text made visible, one definition for every readable report', () => {
  it('shows every character a terminal acts on as \\uXXXX, and nothing else', () => {
    const acting = [
      '\u001b',
      '\u0007',
      '\n',
      '\t',
      '\u007f',
      '\u009b',
      '\u202e',
      '\u2066',
      '\u2028',
    ];
    for (const ch of acting) {
      expect(safe(`a${ch}b`)).toBe(
        `a\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}b`,
      );
      expect(terminalControls(safe(ch))).toEqual([]);
    }
    expect(safe('✓ pass für gооgle.com 📨')).toBe('✓ pass für gооgle.com 📨');
  });
});
