import type { DomainCheck, SpfRecordCheck } from '../core/check/index.ts';
import { dkimProblem } from '../core/check/index.ts';
import type { SpfLive } from '../core/live/live-types.ts';
import { colors, pad, safe, wrap, type Colors } from './terminal.ts';

/**
 * `header-lens check` as text: one block per check, the verdict word first, then the record
 * and what to publish. Names and records come from DNS, which anyone can write: everything
 * printed from it goes through `safe()`. A lookup that failed says so ("couldn't read current
 * DNS for …"), never "no record".
 */
export function renderCheck(check: DomainCheck, style: { color: boolean; width: number }): string {
  const c = colors(style.color);
  const w = style.width;
  const out: string[] = [
    c.bold(`Header Lens — check ${safe(check.domain)}`),
    c.dim(`  current DNS as of ${check.checkedAt} via ${safe(check.resolver)}`),
    '',
  ];
  if (check.spf !== null) out.push(...spfLines('SPF', check.spf, c, w));
  else if (check.spfRecord !== null) {
    out.push(...recordLines('SPF', check.spfRecord, c, w));
    out.push(
      wrap(c.dim('no --ip: give the address you send from to see whether it passes'), w, INDENT),
    );
  }
  out.push(...dmarcLines(check, c, w));
  for (const key of check.dkim) {
    const problem = dkimProblem(key);
    const what =
      key.status === 'key'
        ? `${(key.keyType ?? 'rsa').toUpperCase()}${key.keyBits === null ? '' : ` ${key.keyBits}-bit`} key`
        : key.status === 'error'
          ? "couldn't read current DNS"
          : key.status;
    const selector = key.keyName.slice(0, key.keyName.indexOf('._domainkey.'));
    out.push(
      `${pad('DKIM', 7)}${problem === null ? c.green(pad(`✓ ${safe(selector)}`, 14)) : c.red(pad(`✗ ${safe(selector)}`, 14))}${safe(key.keyName)}: ${what}${key.ttl === null ? '' : c.dim(`  (TTL ${key.ttl} s)`)}`,
    );
    const note = problem ?? key.problem;
    if (note !== null) out.push(wrap(safe(note), w, INDENT));
  }
  if (check.ptr !== null) {
    const p = check.ptr;
    if (p.status === 'error') {
      out.push(
        `${pad('PTR', 7)}${c.red(pad('✗ ?', 14))}couldn't read current DNS for the reverse name of ${safe(p.ip)}${p.names.length === 0 ? '' : ` (${p.names.map(safe).join(', ')})`}`,
      );
    } else {
      const names = p.names.length === 0 ? 'no PTR record' : p.names.map(safe).join(', ');
      out.push(
        `${pad('PTR', 7)}${p.forwardConfirmed ? c.green(pad('✓', 14)) : c.red(pad('✗', 14))}${safe(p.ip)} → ${names}${p.forwardConfirmed ? ', resolves back (forward-confirmed)' : ''}`,
      );
    }
    if (p.problem !== null) out.push(wrap(safe(p.problem), w, INDENT));
  }
  if (check.helo !== null) {
    if (check.helo.spf !== null) out.push(...spfLines('HELO', check.helo.spf, c, w));
    else if (check.helo.record !== null) out.push(...recordLines('HELO', check.helo.record, c, w));
  }
  out.push('');
  if (check.verdict.passes) {
    out.push(
      c.green(
        check.ip === null
          ? `✓ ${safe(check.domain)} publishes a usable SPF record${check.dkim.length > 0 ? ' and every DKIM key asked is usable' : ''}.`
          : `✓ Mail from ${safe(check.ip)} would pass SPF for ${safe(check.domain)}${check.dkim.length > 0 ? ', and every DKIM key asked is usable' : ''}.`,
      ),
    );
  } else {
    for (const reason of check.verdict.reasons)
      out.push(wrap(c.red(`✗ ${safe(reason)}`), w, '', 2));
  }
  return `${out.join('\n')}\n`;
}

const INDENT = ' '.repeat(7);

function spfLines(label: string, spf: SpfLive, c: Colors, w: number): string[] {
  const out: string[] = [];
  if (spf.result === 'temperror') {
    out.push(
      `${pad(label, 7)}${c.red(pad('✗ ?', 14))}couldn't read current DNS for ${safe(spf.domain)}`,
    );
    out.push(wrap(safe(spf.problem ?? 'no answer'), w, INDENT));
    if (spf.advice !== null) out.push(wrap(safe(spf.advice), w, INDENT));
    return out;
  }
  const pass = spf.result === 'pass';
  const verdict = pad(`${pass ? '✓' : '✗'} ${spf.result.toUpperCase()}`, 14);
  const how =
    spf.mechanism === null
      ? spf.result === 'none'
        ? 'no SPF record'
        : 'nothing matched'
      : `${safe(spf.mechanism)} matched`;
  out.push(
    `${pad(label, 7)}${pass ? c.green(verdict) : spf.result === 'softfail' || spf.result === 'neutral' ? c.yellow(verdict) : c.red(verdict)}${safe(spf.clientIp)} ${pass ? 'may' : 'may not'} send for ${safe(spf.domain)} — ${how}`,
  );
  out.push(
    wrap(
      `record: ${spf.record === null ? 'none published' : c.cyan(safe(spf.record))}${spf.ttl === null ? '' : c.dim(`  (TTL ${spf.ttl} s)`)}`,
      w,
      INDENT,
      2,
    ),
  );
  out.push(
    `${INDENT}lookups: ${spf.lookups} of 10${spf.limitTerm === null ? '' : ` — the limit was crossed at ${safe(spf.limitTerm)}`}`,
  );
  if (spf.problem !== null) out.push(wrap(`problem: ${safe(spf.problem)}`, w, INDENT, 2));
  if (spf.fix !== null) {
    out.push(`${INDENT}${c.bold(`Record that would pass — TXT at ${safe(spf.domain)}:`)}`);
    out.push(`${INDENT}  ${c.cyan(safe(spf.fix.record))}`);
    if (spf.fix.strings.length > 1) {
      out.push(`${INDENT}  as strings: ${spf.fix.strings.map((s) => `"${safe(s)}"`).join(' ')}`);
    }
    out.push(wrap(safe(spf.fix.text), w, INDENT, 2));
  }
  if (spf.advice !== null) out.push(wrap(`${c.yellow('!')} ${safe(spf.advice)}`, w, INDENT, 2));
  return out;
}

function recordLines(label: string, r: SpfRecordCheck, c: Colors, w: number): string[] {
  if (r.status === 'error') {
    return [
      `${pad(label, 7)}${c.red(pad('✗ ?', 14))}couldn't read current DNS for ${safe(r.domain)}`,
      wrap(safe(r.problem ?? 'no answer'), w, INDENT),
    ];
  }
  if (r.status === 'none') {
    return [`${pad(label, 7)}${c.red(pad('✗ NONE', 14))}${safe(r.domain)} publishes no SPF record`];
  }
  const ok = r.status === 'valid';
  const out = [
    `${pad(label, 7)}${ok ? c.green(pad('✓ RECORD', 14)) : c.red(pad('✗ PERMERROR', 14))}${c.cyan(safe(r.record ?? ''))}${r.ttl === null ? '' : c.dim(`  (TTL ${r.ttl} s)`)}`,
    `${INDENT}lookups: ${r.lookups} of 10${r.limitTerm === null ? '' : ` — the limit was crossed at ${safe(r.limitTerm)}`}; an address it doesn't list gets ${r.defaultResult}`,
  ];
  if (r.problem !== null) out.push(wrap(`problem: ${safe(r.problem)}`, w, INDENT, 2));
  return out;
}

function dmarcLines(check: DomainCheck, c: Colors, w: number): string[] {
  const d = check.dmarc;
  if (d === null) return [];
  if (d.status === 'error') {
    return [
      `${pad('DMARC', 7)}${c.red(pad('✗ ?', 14))}couldn't read current DNS for ${safe(d.name)}`,
      wrap(safe(d.problem ?? 'no answer'), w, INDENT),
    ];
  }
  if (d.status === 'none') {
    return [
      `${pad('DMARC', 7)}${c.yellow(pad('✗ NONE', 14))}no record at ${safe(d.name)}`,
      wrap(`publish: ${c.cyan(d.fix?.record ?? '')}`, w, INDENT, 2),
      ...(d.fix === null ? [] : [wrap(d.fix.text, w, INDENT, 2)]),
    ];
  }
  const policy = d.appliedPolicy === null ? '✗ INVALID' : `p=${d.appliedPolicy}`;
  const out = [
    `${pad('DMARC', 7)}${d.status === 'found' ? c.green(pad(policy, 14)) : c.red(pad(policy, 14))}${safe(d.foundAt ?? d.name)}: ${c.cyan(safe(d.record ?? ''))}`,
  ];
  if (d.foundAt !== null && d.foundAt !== d.name) {
    out.push(
      wrap(`(none at ${safe(d.name)}: the organizational domain's record applies)`, w, INDENT),
    );
  }
  if (d.problem !== null) out.push(wrap(safe(d.problem), w, INDENT));
  return out;
}
