import {
  formatDuration,
  type Hint,
  type Hop,
  type Report,
  type SignatureCheck,
} from '../core/index.ts';

export interface TextStyle {
  color: boolean;
  width: number;
}

/**
 * The readable terminal report: the verdict first, then the fix, the hop table with delays, hints
 * with their exact records, and warnings. Header text is hostile in a terminal too: every value
 * from the message goes through `safe()`, which makes control characters (ANSI escapes, BEL,
 * bidi overrides) visible instead of letting them act.
 */
export function renderText(report: Report, source: string, style: TextStyle): string {
  const c = colors(style.color);
  const out: string[] = [];
  const line = (s = ''): void => {
    out.push(s);
  };

  line(c.bold(`Header Lens — ${safe(source)}`));
  const m = report.message;
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

  if (report.bounce !== null) {
    const b = report.bounce;
    line(c.bold('Bounce'));
    line(
      `  ${c.red([b.replyCode ?? '', b.enhancedCode ?? ''].join(' ').trim() || '(no code)')}${b.host === null ? '' : `  from ${safe(b.host)}`}`,
    );
    if (b.text.length > 0) line(wrap(safe(b.text), style.width, '  '));
    if (b.meaning !== null) line(wrap(`Meaning: ${b.meaning}`, style.width, '  '));
    if (b.fix !== null) line(wrap(`Fix: ${b.fix}`, style.width, '  '));
    line();
  }

  if (report.input === 'message') {
    const spf = report.spf;
    const spfWhere = [
      spf.clientIp === null ? null : `client IP ${safe(spf.clientIp)}`,
      spf.domain === null ? null : `domain ${safe(spf.domain)}`,
      spf.identity === 'helo' ? '(HELO identity)' : null,
    ]
      .filter(Boolean)
      .join(', ');
    line(`${pad('SPF', 6)}${verdict(c, spf.result)}  ${spfWhere}`);
    if (spf.helo !== null)
      line(
        `${pad('', 6)}HELO identity: ${spf.helo.result}${spf.helo.domain === null ? '' : ` (${safe(spf.helo.domain)})`}`,
      );
    if (spf.gateway !== null)
      line(`${pad('', 6)}Workspace inbound gateway (gateway.spf): ${spf.gateway}`);
    if (report.dkim.length === 0) line(`${pad('DKIM', 6)}${verdict(c, null)}  no signature`);
    for (const d of report.dkim) {
      const who = [
        d.domain === null ? null : `d=${safe(d.domain)}`,
        d.selector === null ? null : `s=${safe(d.selector)}`,
      ]
        .filter(Boolean)
        .join(' ');
      const aligned = d.aligned === null ? '' : d.aligned ? ', aligned' : ', not aligned';
      line(
        `${pad('DKIM', 6)}${verdict(c, d.result)}  ${who}${aligned}${d.reason === null ? '' : ` — ${safe(d.reason)}`}`,
      );
    }
    const dm = report.dmarc;
    const policy = dm.policy === null ? '' : `  p=${safe(dm.policy)}`;
    const align = `SPF ${yesNo(dm.spfAligned)}, DKIM ${yesNo(dm.dkimAligned)} aligned`;
    line(
      `${pad('DMARC', 6)}${verdict(c, dm.result)}  ${dm.headerFrom === null ? '' : `From: ${safe(dm.headerFrom)}`}${policy}  (${align})`,
    );
    if (report.arc.result !== null || report.arc.instance !== null) {
      const arc =
        report.arc.result === 'none' || report.arc.result === null
          ? c.dim(`– ${pad((report.arc.result ?? '—').toUpperCase(), 12)}`)
          : verdict(c, report.arc.result);
      line(
        `${pad('ARC', 6)}${arc}  ${report.arc.instance === null ? '' : `i=${report.arc.instance}`}${report.arc.structureValid === false ? ' (incomplete chain)' : ''}`,
      );
    }
    if (report.compauth !== null) {
      line(
        `${pad('', 6)}Microsoft compauth: ${safe(report.compauth.result)}${report.compauth.reason === null ? '' : ` (reason ${safe(report.compauth.reason)})`}`,
      );
    }
    line();
  }

  const live = renderLive(report, c, style.width);
  if (live !== null) {
    line(live);
    line();
  }
  const verified = renderVerify(report, c, style.width);
  if (verified !== null) {
    line(verified);
    line();
  }

  if (report.spf.fix !== null && report.spf.live === undefined) {
    line(
      c.bold(
        `Fix SPF${report.spf.domain === null ? '' : ` — TXT record at ${safe(report.spf.domain)}`}`,
      ),
    );
    line(`  ${c.cyan(safe(report.spf.fix.record))}`);
    line();
  }

  if (report.hops.length > 0) {
    line(c.bold('Path, oldest first'));
    line(renderHops(report.hops, c));
    if (report.totalSeconds !== null)
      line(`  Total from Date: to last hop: ${formatDuration(report.totalSeconds)}`);
    line();
  }

  const order = { error: 0, warning: 1, info: 2 } as const;
  const hints = report.hints
    .filter((h) => h.code !== 'spf-fix')
    .sort((a, b) => order[a.severity] - order[b.severity]);
  if (hints.length > 0) {
    line(c.bold('Hints'));
    for (const h of hints) line(renderHint(h, c, style.width));
    line();
  }
  if (report.warnings.length > 0) {
    line(c.bold('Warnings'));
    for (const w of report.warnings)
      line(wrap(`${c.yellow('!')} ${safe(w.text)}`, style.width, '  ', 2));
    line();
  }
  return out.join('\n');
}

/** Current DNS, apart from the delivery-time verdict: would SPF pass now, and what to publish. */
function renderLive(report: Report, c: Colors, width: number): string | null {
  const spf = report.spf.live;
  const dmarc = report.dmarc.live;
  const ptr = report.ptr?.live;
  const meta = spf ?? dmarc ?? ptr ?? report.dkim.find((d) => d.live !== undefined)?.live;
  if (meta === undefined) return null;
  const out = [c.bold(`Current DNS — as of ${meta.checkedAt} via ${safe(meta.resolver)}`)];
  if (spf !== undefined) {
    const ttl = spf.ttl === null ? '' : `, TTL ${spf.ttl} s`;
    out.push(
      `  ${pad('SPF', 6)}${verdict(c, spf.result)}  ${spf.authorizesClientIp ? 'authorizes' : 'does not authorize'} ${safe(spf.clientIp)} for ${safe(spf.domain)}` +
        (spf.mechanism === null ? '' : ` (${safe(spf.mechanism)})`) +
        `, ${spf.lookups}/10 lookups`,
    );
    out.push(
      `        record: ${spf.record === null ? 'none published' : c.cyan(safe(spf.record))}${ttl}`,
    );
    if (spf.problem !== null) out.push(wrap(`problem: ${safe(spf.problem)}`, width, '        ', 2));
    if (spf.fix !== null) {
      out.push(`        ${c.bold(`Record that would pass — TXT at ${safe(spf.domain)}:`)}`);
      out.push(`          ${c.cyan(safe(spf.fix.record))}`);
      if (spf.fix.strings.length > 1) {
        out.push(`          as strings: ${spf.fix.strings.map((x) => `"${safe(x)}"`).join(' ')}`);
      }
      out.push(wrap(safe(spf.fix.text), width, '        ', 2));
    }
    if (spf.advice !== null)
      out.push(wrap(`${c.yellow('!')} ${safe(spf.advice)}`, width, '        ', 2));
  }
  if (dmarc !== undefined) {
    const found =
      dmarc.status === 'found'
        ? `${safe(dmarc.foundAt ?? dmarc.name)}: ${c.cyan(safe(dmarc.record ?? ''))} — policy for this domain: ${dmarc.appliedPolicy ?? '?'}`
        : dmarc.status === 'none'
          ? `no record at ${safe(dmarc.name)}; publish: ${c.cyan(dmarc.fix?.record ?? '')}`
          : safe(dmarc.problem ?? dmarc.status);
    out.push(wrap(`  ${pad('DMARC', 6)}${found}`, width, '', 8));
  }
  for (const d of report.dkim) {
    const k = d.live;
    if (k === undefined) continue;
    const state =
      k.status === 'key'
        ? `key published (${k.keyType ?? '?'}${k.keyBits === null ? '' : ` ${k.keyBits} bits`})`
        : k.status;
    out.push(
      wrap(
        `  ${pad('DKIM', 6)}${safe(k.keyName)}: ${state}${k.problem === null ? '' : ` — ${safe(k.problem)}`}`,
        width,
        '',
        8,
      ),
    );
  }
  if (ptr !== undefined) {
    const names = ptr.names.length === 0 ? 'no PTR' : ptr.names.map(safe).join(', ');
    const confirmed = ptr.forwardConfirmed
      ? c.green('forward-confirmed')
      : c.yellow('not forward-confirmed');
    out.push(
      wrap(
        `  ${pad('PTR', 6)}${safe(ptr.ip)} → ${names} (${confirmed})${ptr.problem === null ? '' : ` — ${safe(ptr.problem)}`}`,
        width,
        '',
        8,
      ),
    );
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

function renderHops(hops: readonly Hop[], c: Colors): string {
  const rows = hops.map((h, i) => [
    String(i + 1),
    safe(h.from ?? '—'),
    safe(h.ip ?? '—'),
    safe(h.by ?? '—'),
    safe(h.with ?? '—') +
      (h.tls !== null && h.tls !== 'TLS' ? ` (${safe(h.tls.split(' ')[0] ?? '')})` : ''),
    h.delaySeconds === null ? '—' : `${h.clockSkew ? '⚠ ' : '+'}${formatDuration(h.delaySeconds)}`,
    h.date ?? '—',
  ]);
  const head = ['#', 'from', 'ip', 'by', 'with', 'delay', 'time (UTC)'];
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
  const word = pad((result ?? '—').toUpperCase(), 12);
  if (result === 'pass') return c.green(`✓ ${word}`);
  if (result === null || result === 'none') return c.yellow(`✗ ${word}`);
  if (result === 'bestguesspass' || result === 'neutral' || result === 'softfail')
    return c.yellow(`✗ ${word}`);
  return c.red(`✗ ${word}`);
}

function yesNo(v: boolean | null): string {
  return v === null ? '?' : v ? 'yes' : 'no';
}

/** Makes control characters and bidi overrides visible: `\x1b` → `\x1b` as text. */
export function safe(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
    const bidi =
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069) ||
      cp === 0x200e ||
      cp === 0x200f;
    out += control || bidi ? `\\u${cp.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function wrap(text: string, width: number, indent: string, hanging = 0): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let current = indent;
  for (const w of words) {
    if (current.trim().length > 0 && visibleLength(current) + 1 + visibleLength(w) > width) {
      lines.push(current);
      current = indent + ' '.repeat(hanging) + w;
    } else {
      current += (current.trim().length > 0 ? ' ' : '') + w;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

function visibleLength(s: string): number {
  let n = 0;
  let inEscape = false;
  for (const ch of s) {
    if (ch === '\u001b') inEscape = true;
    else if (inEscape && ch === 'm') inEscape = false;
    else if (!inEscape) n += 1;
  }
  return n;
}

interface Colors {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
}

function colors(on: boolean): Colors {
  const sgr = (open: number, close: number) => (s: string) =>
    on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}
