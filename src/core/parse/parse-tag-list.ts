import { isSpace } from './split-words.ts';
import { countWork } from '../work-meter.ts';

/**
 * RFC 6376 §3.2 tag=value lists (DKIM-Signature, ARC-Seal, ARC-Message-Signature):
 *   tag-list = tag-spec *( ";" tag-spec ) [ ";" ] ; tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 * Returns a Map (a `__proto__` tag is data, not a prototype). Whitespace inside values is kept
 * except at the ends; b=, bh= and h= are compacted by the caller where it matters.
 * A repeated tag makes the list invalid per §3.2; `duplicate` reports it and the first one is kept.
 */
export function parseTagList(value: string): { tags: Map<string, string>; duplicate: boolean } {
  countWork(value.length);
  const tags = new Map<string, string>();
  let duplicate = false;
  // Each tag-spec runs from `start` to the next `;`; `eq` is the first `=` at or after `start`,
  // searched again only once passed, so the scan stays linear in the value.
  let eq = value.indexOf('=');
  for (let start = 0; start <= value.length && eq !== -1;) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    if (eq < end) {
      const name = trimmedSlice(value, start, eq).toLowerCase();
      if (name.length > 0) {
        if (tags.has(name)) duplicate = true;
        else tags.set(name, trimmedSlice(value, eq + 1, end));
      }
    }
    start = end + 1;
    if (eq < start) eq = value.indexOf('=', start);
  }
  return { tags, duplicate };
}

/**
 * `parseTagList(value).tags.get(name)` without building the list: ARC reads one or two tags of
 * fields whose b= values are hundreds of characters. `name` is lowercase.
 */
export function readTag(value: string, name: string): string | undefined {
  countWork(value.length);
  // The first `=` at or after `start`, searched again only once passed: linear in the value.
  let eq = value.indexOf('=');
  for (let start = 0; start <= value.length && eq !== -1;) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    if (eq < end && trimmedSlice(value, start, eq).toLowerCase() === name) {
      return trimmedSlice(value, eq + 1, end);
    }
    start = end + 1;
    if (eq < start) eq = value.indexOf('=', start);
  }
  return undefined;
}

/** `value.slice(start, end).trim()` with one copy. */
function trimmedSlice(value: string, start: number, end: number): string {
  while (start < end && isSpace(value.charCodeAt(start))) start += 1;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end -= 1;
  return value.slice(start, end);
}

/** Removes all whitespace (folding inside base64 and header lists). */
export function compact(value: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      out += value.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? value : out + value.slice(start);
}
