import {
  formatDuration,
  presentReport,
  type Hint,
  type Presentation,
  type Report,
  type SignatureCheck,
} from '../core/index.ts';
import { colors, pad, safe, wrap, type Colors } from './terminal.ts';

export interface TextStyle {
  color: boolean;
  width: number;
}

/**
 * The readable terminal report, drawn from the same presentation as the popup and Copy report
 * (core/present): the verdict in one line, SPF/DKIM/DMARC rows, the one next step, current DNS,
 * the path, hints by severity and warnings. Header text is hostile in a terminal too: every
 * value from the message goes through `safe()`, which makes control characters (ANSI escapes,
 * BEL, bidi overrides) visible instead of letting them act.
 *
 * Longer than most files: the whole terminal report (verdict, rows, next step, path, live and
 * verification sections) in one renderer over the presentation model, as the popup's is.
 */
export function renderText(report: Report, source: string, style: TextStyle): string {
  const c = colors(style.color);
  const p = presentReport(report);
  const out: string[] = [];
  const line = (s = ''): void => {
    out.push(s);
  };

  line(c.bold(`Header Lens — ${safe(source)}`));
  const m = p.message;
  if (m.from !== null) line(`  From:    ${safe(m.from)}`);
  if (m.subject !== null) line(`  Subject: ${safe(m.subject)}`);
  if (m.date !== null) line(`  Date:    ${m.date}`);
  if (report.authservId !== null) line(`  Results written by: ${safe(report.authservId)}`);
  line();

  if (report.input === 'empty') {
    for (const w of report.warnings) line(`${c.yellow('!')} ${safe(w.text)}`);
    if (report.warnings.length === 0) line('Nothing to analyze: the input is empty.');
    return out.join('\n') + '\n';
  }

  const tone = TONE_COLOR[p.verdict.tone];
  line(
    wrap(
      c.bold(c[tone](`${VERDICT_MARK[p.verdict.tone]} ${safe(p.verdict.headline)}`)),
      style.width,
      '',
    ),
  );
  line();

  for (const w of p.alerts) line(wrap(`${c.red('!')} ${safe(w.text)}`, style.width, '  ', 2));
  if (p.alerts.length > 0) line();

  if (p.bounce !== null) {
    const b = p.bounce;
    line(c.bold('Bounce'));
    line(
      `  ${c.red([b.replyCode ?? '', b.enhancedCode ?? ''].join(' ').trim() || '(no code)')}${b.host === null ? '' : `  from ${safe(b.host)}`}`,
    );
    if (b.text.length > 0) line(wrap(safe(b.text), style.width, '  '));
    if (b.meaning !== null) line(wrap(`Meaning: ${b.meaning}`, style.width, '  '));
    if (b.fix !== null) line(wrap(`Fix: ${b.fix}`, style.width, '  '));
    line();
  }

  for (const row of p.rows) {
    const name = pad(row.method.toUpperCase(), 6);
    if (row.method === 'dkim') {
      if (row.signatures.length === 0) line(`${name}${verdict(c, null)}  no signature`);
      for (const d of row.signatures) {
        const who = [
          d.domain === null ? null : `d=${safe(d.domain)}`,
          d.selector === null ? null : `s=${safe(d.selector)}`,
        ]
          .filter(Boolean)
          .join(' ');
        const aligned = d.aligned === null ? '' : d.aligned ? ', aligned' : ', not aligned';
        line(
          `${name}${verdict(c, d.result)}  ${who}${aligned}${d.reason === null ? '' : ` — ${safe(d.reason)}`}`,
        );
      }
      continue;
    }
    line(
      `${name}${verdict(c, row.result)}  ${row.facts.map((f) => `${f.label} ${safe(f.value)}`).join(', ')}`,
    );
  }
  if (report.compauth !== null) {
    line(
      `${pad('', 6)}Microsoft compauth: ${safe(report.compauth.result)}${report.compauth.reason === null ? '' : ` (reason ${safe(report.compauth.reason)})`}`,
    );
  }
  if (p.rows.length > 0) line();

  line(renderAction(p, c, style.width));
  line();

  const live = renderLive(p, c, style.width);
  if (live !== null) {
    line(live);
    line();
  }
  const verified = renderVerify(report, c, style.width);
  if (verified !== null) {
    line(verified);
    line();
  }

  if (p.path.hops.length > 0) {
    line(c.bold('Path, oldest first'));
    line(renderHops(p.path, c));
    if (p.path.totalSeconds !== null)
      line(`  Total from Date: to last hop: ${formatDuration(p.path.totalSeconds)}`);
    line();
  }

  if (p.hints.length > 0) {
    line(c.bold('Hints'));
    for (const h of p.hints) line(renderHint(h, c, style.width));
    line();
  }
  if (p.warnings.length > 0) {
    line(c.bold('Warnings'));
    for (const w of p.warnings)
      line(wrap(`${c.yellow('!')} ${safe(w.text)}`, style.width, '  ', 2));
    line();
  }
  return out.join('\n');
}

const TONE_COLOR = { good: 'green', warn: 'yellow', bad: 'red', neutral: 'dim' } as const;
const VERDICT_MARK = { good: '✓', warn: '!', bad: '✗', neutral: '–' } as const;

/** The one next step: its title, its words, a record only when it is complete. */
function renderAction(p: Presentation, c: Colors, width: number): string {
  const a = p.action;
  const out = [c.bold(`Next step: ${safe(a.title.text)}`)];
  const words = [a.text, ...a.notes].filter((x) => x !== null).map((x) => safe(x.text));
  if (words.length > 0) out.push(wrap(words.join(' '), width, '  '));
  if (a.record !== null) {
    out.push(`  ${a.record.name === '' ? 'record' : `TXT record at ${safe(a.record.name)}`}:`);
    out.push(`    ${c.cyan(safe(a.record.value))}`);
    if (a.record.strings.length > 1) {
      out.push(`    as strings: ${a.record.strings.map((x) => `"${safe(x)}"`).join(' ')}`);
    }
  }
  if (a.checkDns && p.live === null)
    out.push(c.dim('  run with --live to check current DNS and get the exact record'));
  return out.join('\n');
}

/** Current DNS, apart from the delivery-time verdict. A failed lookup says it failed. */
function renderLive(p: Presentation, c: Colors, width: number): string | null {
  const live = p.live;
  if (live === null) return null;
  const out = [c.bold(`Current DNS — as of ${live.asOf} via ${safe(live.resolver)}`)];
  if (!live.complete) out.push(wrap(c.yellow(safe(live.status.text)), width, '  ', 2));
  for (const item of live.items) {
    const mark =
      item.state === 'ok' ? c.green('✓') : item.state === 'error' ? c.yellow('?') : c.red('✗');
    out.push(
      wrap(
        `  ${mark} ${pad(item.method.toUpperCase(), 6)}${safe(item.name)}: ${safe(item.summary.text)}`,
        width,
        '',
        10,
      ),
    );
    if (item.details.length > 0)
      out.push(
        wrap(`          ${item.details.map((d) => safe(d.text)).join(' · ')}`, width, '', 10),
      );
    if (item.record !== null)
      out.push(wrap(`          record: ${c.cyan(safe(item.record))}`, width, '', 12));
  }
  return out.join('\n');
}

/** Each signature verified with today's key (`--verify`), beside the receiver's word. */
function renderVerify(report: Report, c: Colors, width: number): string | null {
  const input = report.verifyInput;
  const arc = report.arc.verify;
  if (input === undefined || arc === undefined) return null;
  const copy = input.approximate
    ? `approximate (${input.approximations.join(', ')})`
    : 'the bytes as given';
  const out = [
    c.bold(`Verified now — keys in current DNS as of ${arc.checkedAt} via ${safe(arc.resolver)}`),
    `  copy: ${input.bytes} bytes, ${copy}${input.truncated ? `, cut at ${input.capBytes} bytes (body not hashed)` : ''}`,
  ];
  const detail = (check: SignatureCheck, receiver: string | null): void => {
    if (receiver !== null) out.push(`${pad('', 8)}at delivery: ${safe(receiver)}`);
    for (const n of check.notes)
      out.push(wrap(`${c.yellow('!')} ${safe(n.text)}`, width, pad('', 8), 2));
  };
  for (const d of report.dkim) {
    const v = d.verify;
    if (v === undefined) continue;
    const who = `d=${safe(d.domain ?? '?')} s=${safe(d.selector ?? '?')}`;
    out.push(
      wrap(`${pad('DKIM', 6)}${verdict(c, v.result)}  ${who} — ${safe(v.text)}`, width, '  ', 6),
    );
    detail(v, d.result);
  }
  if (arc.result !== 'none' || report.arc.instance !== null) {
    out.push(wrap(`${pad('ARC', 6)}${verdict(c, arc.result)}  ${safe(arc.text)}`, width, '  ', 6));
    for (const x of arc.instances) {
      const word = (check: SignatureCheck | null): string =>
        check === null
          ? '—'
          : `${check.result}${check.reason === null ? '' : ` (${check.reason})`}`;
      const seal = word(x.seal);
      const ams = word(x.messageSignature);
      out.push(
        `${pad('', 8)}i=${x.instance} sealed by ${safe(x.sealedBy ?? '?')}${x.authservId === null ? '' : ` (${safe(x.authservId)})`}: seal ${seal}, message signature ${ams}`,
      );
    }
    if (report.arc.result !== null)
      out.push(`${pad('', 8)}receiver's arc=: ${safe(report.arc.result)}`);
  }
  return out.join('\n');
}

function renderHint(h: Hint, c: Colors, width: number): string {
  const mark =
    h.severity === 'error' ? c.red('✗') : h.severity === 'warning' ? c.yellow('!') : c.dim('i');
  const lines = [wrap(`${mark} ${safe(h.text)}`, width, '  ', 2)];
  if (h.record !== null) {
    lines.push(
      `    ${h.recordName === null ? 'record' : `TXT ${safe(h.recordName)}`}: ${c.cyan(safe(h.record))}`,
    );
  }
  return lines.join('\n');
}

function renderHops(path: Presentation['path'], c: Colors): string {
  const hops = path.hops;
  const rows = hops.map((h, i) => [
    String(i + 1),
    safe(h.from ?? '—'),
    safe(h.ip ?? '—'),
    safe(h.by ?? '—'),
    h.protocol === null ? '—' : safe(h.protocol.text + (h.tls === null ? '' : ` (${h.tls})`)),
    h.delaySeconds === null ? '—' : `${h.clockSkew ? '⚠ ' : '+'}${formatDuration(h.delaySeconds)}`,
    h.date ?? '—',
  ]);
  if (path.internal !== null) {
    const i = path.internal;
    rows.push([
      '',
      `${i.count} internal hop${i.count === 1 ? '' : 's'}`,
      '',
      safe(i.by),
      '',
      i.seconds === null ? '—' : `+${formatDuration(i.seconds)}`,
      '',
    ]);
  }
  const head = ['#', 'from', 'ip', 'by', 'how', 'delay', 'time (UTC)'];
  const widths = head.map((t, col) =>
    Math.min(40, Math.max(t.length, ...rows.map((r) => (r[col] ?? '').length))),
  );
  const fmt = (r: string[]): string =>
    '  ' +
    r.map((cell, col) => pad(truncate(cell, widths[col] ?? 10), widths[col] ?? 10)).join('  ');
  const inboundMark = (i: number): string => (hops[i]?.inbound ? c.bold(' ← received here') : '');
  return [c.dim(fmt(head)), ...rows.map((r, i) => fmt(r) + inboundMark(i))].join('\n');
}

function verdict(c: Colors, result: string | null): string {
  const word = pad(result === null ? 'not reported' : result.toUpperCase(), 12);
  if (result === 'pass') return c.green(`✓ ${word}`);
  if (result === null || result === 'none' || result === 'policy') return c.dim(`– ${word}`);
  if (result === 'bestguesspass' || result === 'neutral' || result === 'softfail')
    return c.yellow(`✗ ${word}`);
  return c.red(`✗ ${word}`);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
