/**
 * RFC 7208 §7.1 macro strings, syntax only (`expandSpfMacro` substitutes): the domain-spec of
 * mechanisms, redirect= and exp=, an unknown modifier's value, and the explain-string that exp=
 * fetches. Checked here, so a record with a bad macro is permerror before anything is looked up
 * (§4.6: syntax errors anywhere in the record):
 * - `%` must start `%{…}`, `%%`, `%_` or `%-`;
 * - macro letters `slodiphv`, and `c`, `r`, `t` only in an explain-string (§7.3); a DIGIT
 *   transformer must not be zero (§7.3);
 * - a domain-spec ends in a macro or in `.` and a top label (`domain-end`), so `a:museum`,
 *   `a:abc.123` and `a:example.com:8080` are errors;
 * - visible ASCII only (`macro-literal`), plus space in an explain-string.
 * Not handled: checking what a domain-spec expands to — that is `toTargetName`'s job (§7.3).
 */
import { countWork } from '../work-meter.ts';
import { showSpfText } from './show-spf-text.ts';

export type SpfMacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'v' | 'c' | 'r' | 't';

/** Where a macro string appears: the ABNF rule it must match. */
export type SpfMacroContext = 'domain-spec' | 'macro-string' | 'explain-string';

export type SpfMacroToken =
  /** Text copied as is: `macro-literal`s, and what `%%`, `%_`, `%-` stand for (`escape`). */
  | { kind: 'literal' | 'escape'; text: string }
  | {
      kind: 'macro';
      letter: SpfMacroLetter;
      /** Written in uppercase (`%{L}`): the expansion is URL-escaped (§7.3). */
      urlEscape: boolean;
      /** DIGIT transformer: how many right-hand parts to keep; null keeps all. */
      keep: number | null;
      /** `r` transformer. */
      reverse: boolean;
      /** Delimiters to split on; `.` when none are given. */
      delimiters: string;
    };

export type SpfMacroParse = { ok: true; tokens: SpfMacroToken[] } | { ok: false; reason: string };

const TERM_LETTERS = 'slodiphv';
const EXP_ONLY_LETTERS = 'crt';
const DELIMITERS = '.-+,/_=';
const ESCAPES: Readonly<Record<string, string>> = { '%': '%', _: ' ', '-': '%20' };

export function parseSpfMacro(text: string, context: SpfMacroContext): SpfMacroParse {
  const tokens: SpfMacroToken[] = [];
  let literalStart = -1;
  const flush = (end: number): void => {
    if (literalStart !== -1) tokens.push({ kind: 'literal', text: text.slice(literalStart, end) });
    literalStart = -1;
  };
  let i = 0;
  while (i < text.length) {
    countWork(1);
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      flush(i);
      const next = text.charAt(i + 1);
      const escape = ESCAPES[next];
      if (escape !== undefined) {
        tokens.push({ kind: 'escape', text: escape });
        i += 2;
        continue;
      }
      if (next !== '{') return fail(`'%' must start %{…}, %%, %_ or %-`);
      // One search per macro, resumed after it: linear in the text.
      const close = text.indexOf('}', i + 2);
      if (close === -1) return fail('a macro is not closed with }');
      const macro = parseMacroBody(text.slice(i + 2, close), context);
      if (typeof macro === 'string') return fail(macro);
      tokens.push(macro);
      i = close + 1;
      continue;
    }
    const visible = c > 0x20 && c < 0x7f;
    if (!visible && !(c === 0x20 && context === 'explain-string')) {
      return fail(`${showSpfText(text.charAt(i))} is not allowed`);
    }
    if (literalStart === -1) literalStart = i;
    i += 1;
  }
  flush(text.length);
  if (context === 'domain-spec') {
    const problem = domainEndProblem(tokens);
    if (problem !== null) return fail(problem);
  }
  return { ok: true, tokens };
}

/** `macro-letter transformers *delimiter`, the inside of `%{…}`. A string is the error. */
function parseMacroBody(body: string, context: SpfMacroContext): SpfMacroToken | string {
  const first = body.charAt(0);
  const letter = first.toLowerCase();
  const notMacro = `'%{${showSpfText(body)}}' is not a macro`;
  if (letter === '') return notMacro;
  if (EXP_ONLY_LETTERS.includes(letter) && context === 'domain-spec') {
    return `%{${first}} is allowed only in explanation text`;
  }
  if (!TERM_LETTERS.includes(letter) && !EXP_ONLY_LETTERS.includes(letter)) return notMacro;
  let i = 1;
  while (i < body.length && isDigit(body.charCodeAt(i))) i += 1;
  const digits = body.slice(1, i);
  let reverse = false;
  if (body.charAt(i).toLowerCase() === 'r') {
    reverse = true;
    i += 1;
  }
  const delimiters = body.slice(i);
  for (const d of delimiters) {
    if (!DELIMITERS.includes(d)) return notMacro;
  }
  const keep = digits === '' ? null : Number(digits);
  if (keep === 0) return `%{${body}} keeps zero parts`;
  return {
    kind: 'macro',
    letter: letter as SpfMacroLetter,
    urlEscape: first !== letter,
    keep,
    reverse,
    delimiters: delimiters === '' ? '.' : delimiters,
  };
}

/** `domain-end = ( "." toplabel [ "." ] ) / macro-expand`, or why the tokens don't end so. */
function domainEndProblem(tokens: readonly SpfMacroToken[]): string | null {
  const last = tokens.at(-1);
  if (last === undefined) return 'the domain is empty';
  if (last.kind !== 'literal') return null;
  const text = last.text.endsWith('.') ? last.text.slice(0, -1) : last.text;
  const dot = text.lastIndexOf('.');
  if (dot === -1) return 'the domain must end in a dot and a top label or in a macro';
  const top = text.slice(dot + 1);
  return isTopLabel(top) ? null : `'${top}' is not a top-level label`;
}

/**
 * `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`:
 * letters and digits with at least one letter, or a hyphenated label that starts and ends with
 * a letter or digit (`xn--zckzah`).
 */
function isTopLabel(label: string): boolean {
  if (label.length === 0) return false;
  let letter = false;
  let hyphen = false;
  for (let i = 0; i < label.length; i += 1) {
    const c = label.charCodeAt(i);
    if (c === 0x2d) hyphen = true;
    else if (isAlpha(c)) letter = true;
    else if (!isDigit(c)) return false;
  }
  if (!hyphen) return letter;
  return label.charCodeAt(0) !== 0x2d && label.charCodeAt(label.length - 1) !== 0x2d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlpha(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

function fail(reason: string): SpfMacroParse {
  return { ok: false, reason };
}
