/**
 * `header-lens log [FILE… | -] [--since WHEN] [--json]`: the bounced and deferred deliveries
 * of postfix and exim logs — classic syslog, rsyslog's RFC 3339 timestamps, `journalctl -o cat`
 * (or any journalctl -o short*), exim's main log — by recipient domain and enhanced status
 * code, with what each code means and the fix. Streams: a gigabyte of log in bounded memory.
 * Exit codes: 0 no bounced, deferred or expired deliveries; 1 some; 2 usage or unreadable input.
 */
import { parseSince, type LogSummary } from '../core/log/index.ts';
import { LogReadError, summarizeLogs, type LogInput } from './read-logs.ts';
import { renderLog } from './render-log.ts';
import { colorWanted, safeJson } from './terminal.ts';

export const LOG_USAGE = `Usage: header-lens log [FILE… | -] [--since WHEN] [--json] [--no-color]

Reads mail logs and summarizes the deliveries that bounced or were deferred, by recipient
domain and enhanced status code (5.7.26, 4.4.1 …): how many, first and last time, what the
remote server said, what the code means and what to fix.

  FILE          postfix or exim logs: /var/log/mail.log, /var/log/maillog, exim4/mainlog;
                gzip-rotated files (mail.log.2.gz) are read as they are; several FILEs are
                summarized together (header-lens log /var/log/mail.log*). "-" or no FILE
                reads standard input: journalctl -u postfix -o cat | header-lens log
  --since WHEN  only deliveries from then on: 24h, 7d, 30m, 2w, or an ISO date or time
                (2025-03-05, 2025-03-05T12:00, 2025-03-05T12:00:00Z); local time without a zone
  --json        print the summary as JSON only (README.md: "header-lens log --json")
  --no-color    plain text (also when NO_COLOR is set or output is not a terminal)
  -h, --help    this text

Classic syslog lines (Mar  5 12:00:01) carry no year: each takes the year of its file's last
change (now for standard input), or the year before when that would put it in the future.
Times without a zone are this machine's local time (set TZ to read another server's log).

Exit status: 0 no bounced, deferred or expired deliveries, 1 some, 2 usage or an input that
can't be read.
`;

interface Options {
  inputs: LogInput[];
  since: number | null;
  json: boolean;
  color: boolean;
}

export async function log(argv: readonly string[]): Promise<number> {
  const now = Date.now();
  const parsed = parseArgs(argv, now);
  if (typeof parsed === 'string') {
    if (parsed === 'help') process.stdout.write(LOG_USAGE);
    else process.stderr.write(`header-lens log: ${parsed}\n\n${LOG_USAGE}`);
    return parsed === 'help' ? 0 : 2;
  }
  if (parsed.inputs.length === 0) {
    if (process.stdin.isTTY === true) {
      process.stderr.write(
        'header-lens log: which log? header-lens log /var/log/mail.log (or pipe one in)\n',
      );
      return 2;
    }
    parsed.inputs.push({ kind: 'stdin' });
  }
  let summary;
  try {
    summary = await summarizeLogs(parsed.inputs, { since: parsed.since, now });
  } catch (error) {
    if (!(error instanceof LogReadError)) throw error;
    process.stderr.write(`header-lens log: ${error.message}\n`);
    return 2;
  }
  process.stdout.write(
    parsed.json
      ? safeJson(logJson(summary))
      : renderLog(summary, { color: parsed.color, width: process.stdout.columns ?? 100 }),
  );
  const failed = summary.counts.bounced + summary.counts.deferred + summary.counts.expired;
  return failed === 0 ? 0 : 1;
}

function parseArgs(argv: readonly string[], now: number): Options | string {
  const inputs: LogInput[] = [];
  let since: number | null = null;
  let json = false;
  let color = colorWanted(process.stdout);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--since') {
      const value = argv[i + 1];
      i += 1;
      since = value === undefined ? null : parseSince(value, now);
      if (since === null) {
        return `--since needs 24h, 7d, 30m, 2w or an ISO date (2025-03-05), not ${value ?? 'nothing'}`;
      }
    } else if (arg === '--json') json = true;
    else if (arg === '--no-color') color = false;
    else if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '-') {
      if (inputs.some((x) => x.kind === 'stdin')) return 'standard input can be read once';
      inputs.push({ kind: 'stdin' });
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else inputs.push({ kind: 'file', path: arg });
  }
  return { inputs, since, json, color };
}

/** The summary as `--json` prints it: times as ISO 8601 UTC (`2025-03-05T10:00:01Z`, with
 * milliseconds when the log had them), the rest as the core returns it. */
export function logJson(summary: LogSummary): unknown {
  const iso = (ms: number | null): string | null =>
    ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    ...summary,
    first: iso(summary.first),
    last: iso(summary.last),
    since: iso(summary.since),
    groups: summary.groups.map((g) => ({ ...g, first: iso(g.first), last: iso(g.last) })),
  };
}
