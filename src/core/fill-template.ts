/**
 * The `{name}` template substitution shared by the hint table (derive-hints.ts) and the
 * extension's localized messages (src/platform/i18n.ts). A file of its own, so the popup gets it
 * without the hint rules, which need the Public Suffix List.
 */
/** Replaces `{name}` with params[name] in one pass: a value that contains braces stays as is. */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  let out = '';
  let pos = 0;
  while (pos < template.length) {
    const open = template.indexOf('{', pos);
    if (open === -1) break;
    const close = template.indexOf('}', open);
    if (close === -1) break;
    const name = template.slice(open + 1, close);
    out += template.slice(pos, open);
    out += Object.hasOwn(params, name) ? (params[name] ?? '') : template.slice(open, close + 1);
    pos = close + 1;
  }
  return out + template.slice(pos);
}
