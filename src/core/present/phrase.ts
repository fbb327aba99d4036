import { fill } from '../fill-template.ts';
import type { Phrase, PhraseFamily } from './presentation.ts';

/** A phrase from a template table: the English text is the template filled with `params`. */
export function phraseOf(
  family: PhraseFamily,
  table: Readonly<Record<string, string>>,
  code: string,
  params: Readonly<Record<string, string>> = {},
): Phrase {
  const template = table[code] ?? code;
  return { family, code, text: fill(template, params), params };
}
