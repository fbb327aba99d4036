import type { LogGroup, LogSummary } from '../core/log/index.ts';
import { colors, safe, wrap, type Colors } from './terminal.ts';

/**
 * `header-lens log` as text: the totals, then one block per group of failed deliveries —
 * bounced first — with the count, the time window, what the remote said, the meaning and the
 * fix. Everything from the log (addresses, hosts, the remote's text, file names) is hostile and
 * goes through `safe()`: a line with terminal escapes shows them as `\u001b`, never sends them.
 * Times are this machine's local time, as the classic syslog timestamps are.
 */
export function renderLog(summary: LogSummary, style: { color: boolean; width: number }): string {
  const c = colors(style.color);
  const w = style.width;
  const out: string[] = [];
  const sources = summary.sources.map((s) => `${safe(s.name)} (${size(s.bytes)})`).join(', ');
  out.push(c.bold(`Header Lens — mail log: ${sources || 'no input'}`));
  if (summary.first !== null && summary.last !== null) {
    out.push(
      `  ${localTime(summary.first)} – ${localTime(summary.last)} ${c.dim(`(local time, ${zoneName(summary.last)})`)}`,
    );
  }
  const k = summary.counts;
  out.push(
    `  ${number(k.sent)} sent · ${paint(k.bounced, c.red)(`${number(k.bounced)} bounced`)} · ${paint(k.deferred, c.yellow)(`${number(k.deferred)} deferred`)}${k.expired === 0 ? '' : ` · ${c.red(`${number(k.expired)} expired in the queue`)}`}` +
      (summary.since === null ? '' : c.dim(`  (since ${localTime(summary.since)})`)),
  );
  out.push('');
  const bounced = summary.groups.filter((g) => g.status === 'bounced');
  const deferred = summary.groups.filter((g) => g.status === 'deferred');
  if (bounced.length > 0) {
    out.push(c.bold(c.red(`Bounced (${number(k.bounced)})`)));
    for (const g of bounced) out.push(...groupLines(g, c, w), '');
  }
  if (deferred.length > 0) {
    out.push(c.bold(c.yellow(`Deferred (${number(k.deferred)})`)));
    for (const g of deferred) out.push(...groupLines(g, c, w), '');
  }
  if (k.bounced + k.deferred + k.expired === 0) {
    out.push(
      c.green(
        k.sent === 0
          ? 'No deliveries found: is this a postfix or exim log? (journalctl: -u postfix -o cat)'
          : 'No bounced or deferred deliveries.',
      ),
      '',
    );
  }
  const notes: string[] = [];
  if (k.expired > 0) {
    notes.push(
      `${number(k.expired)} ${k.expired === 1 ? 'message' : 'messages'} expired in the queue and went back to their senders; the deferrals above say why.`,
    );
  }
  if (summary.ungrouped > 0) {
    notes.push(
      `${number(summary.ungrouped)} failed deliveries fell outside the ${summary.groups.length} groups kept (counted in the totals).`,
    );
  }
  if (summary.untimed > 0) {
    notes.push(
      `${number(summary.untimed)} deliveries have no timestamp (journalctl -o cat writes none)${summary.since === null ? '' : ' and were kept despite --since: use journalctl --since instead'}; -o short-iso keeps the time.`,
    );
  }
  if (summary.beforeSince > 0)
    notes.push(`${number(summary.beforeSince)} deliveries before --since were skipped.`);
  if (summary.sources.some((s) => s.stamp === 'classic')) {
    notes.push(
      "Classic syslog times have no year: each took the year of its file's last change (the year before when that put it in the future).",
    );
  }
  if (summary.overlongLines > 0) {
    notes.push(
      `${number(summary.overlongLines)} lines longer than 32 KiB were read up to that length.`,
    );
  }
  for (const n of notes) out.push(wrap(c.dim(`Note: ${n}`), w, '', 6));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function groupLines(g: LogGroup, c: Colors, w: number): string[] {
  const who = g.domain === null ? 'local recipients' : safe(g.domain);
  const code = g.code ?? 'no status code';
  const recipients = `${g.recipients}${g.recipientsCapped ? '+' : ''} recipient${g.recipients === 1 ? '' : 's'}`;
  const out = [
    `  ${c.bold(who)}  ${g.status === 'bounced' ? c.red(code) : c.yellow(code)}  ×${number(g.count)} (${recipients}, e.g. ${safe(g.example)})${g.domain === null ? '' : c.dim(` · ${number(g.sentToDomain)} sent to ${safe(g.domain)}`)}`,
  ];
  out.push(
    `    ${g.first === null ? 'time unknown' : g.first === g.last ? localTime(g.first) : `first ${localTime(g.first)}, last ${localTime(g.last ?? g.first)}`}`,
  );
  if (g.text.length > 0) {
    const reply = g.replyCode === null ? '' : `${g.replyCode} `;
    out.push(
      wrap(
        `${g.host === null ? 'reason' : `${safe(g.host)} said`}: ${reply}${safe(g.text)}`,
        w,
        '    ',
        2,
      ),
    );
  }
  if (g.meaning !== null)
    out.push(wrap(`Meaning: ${g.meaning}${g.source === 'gmail' ? ' (Gmail)' : ''}`, w, '    ', 2));
  if (g.fix !== null) out.push(wrap(`Fix: ${g.fix}`, w, '    ', 2));
  if (g.spfDomain !== null && g.clientIp !== null) {
    out.push(
      `    Check: ${c.cyan(`header-lens check ${safe(g.spfDomain)} --ip ${safe(g.clientIp)}`)}`,
    );
  }
  return out;
}

/** Colours a count only when it is not zero. */
function paint(n: number, color: (s: string) => string): (s: string) => string {
  return n === 0 ? (s) => s : color;
}

function number(n: number): string {
  return n.toLocaleString('en-US');
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** `2025-03-05 12:00:01` in this machine's zone. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `UTC`, `UTC+01:00`. */
function zoneName(ms: number): string {
  const offset = -new Date(ms).getTimezoneOffset();
  if (offset === 0) return 'UTC';
  const a = Math.abs(offset);
  return `UTC${offset < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
