/**
 * `header-lens [inspect] [FILE|-] [--json] [--verify] [--live [--doh URL]]`: the core analyzer in
 * a terminal. With no FILE it reads a bundled sample, so a newcomer sees a report at once.
 * `--live` checks the message's domains against current DNS over DNS-over-HTTPS; `--verify`
 * (part of `--live`) verifies each DKIM signature and the ARC chain over the file's bytes with
 * the keys in current DNS. Exit codes: 0 when the message is authenticated, 1 when it is not,
 * 2 when the input can't be read or is no message, or the arguments are wrong
 * (`isAuthenticated` below; `--exit-zero` gives 0 after any analysis).
 */
import { readFile, stat } from 'node:fs/promises';
import {
  analyzeMessage,
  checkLive,
  createWebCryptoDkim,
  liveQueryOf,
  renderMarkdown,
  verifySignatures,
  withLive,
  WATCH_ENDPOINTS,
  WATCH_LIMIT_MS,
  type DohEndpoint,
  type Report,
  type Resolver,
} from '../core/index.ts';
import {
  checkedAtNow,
  DEFAULT_DOH,
  DOH_USAGE,
  dohOption,
  dohResolver,
  type DohChoice,
} from './doh-option.ts';
import { renderText } from './render-text.ts';
import { durationOption, resolversOption, watchReport } from './watch.ts';
import { colorWanted, describeError, safeJson } from './terminal.ts';

export const INSPECT_USAGE = `Usage: header-lens [inspect] [FILE | -] [--json | --markdown] [--verify] [--live [--doh URL]]
                  [--watch [--watch-for TIME] [--resolvers LIST]] [--exit-zero] [--no-color]
       (from a clone: npm run inspect -- [FILE | -] [options])

Analyzes a message's headers (a .eml file, headers copied from Gmail's Show original, or a
bounce / SMTP reply / postfix log line) and prints SPF, DKIM, DMARC, the path and the DNS
record to publish when something fails.

  FILE         the message; "-" reads standard input; none analyzes a bundled sample
  --json       print the JSON report only (the contract documented in README.md)
  --markdown   print a Markdown summary for a ticket or a forum post
  --verify     verify each DKIM signature and the ARC chain over the file's bytes with the keys
               in current DNS (pass, or why not: body hash, signature, key). Sends the key
               names (<selector>._domainkey.<domain>) to the DNS-over-HTTPS resolver.
  --live       also check against current DNS: would SPF pass now, the record that would, the
               DMARC record, each DKIM key, reverse DNS, and --verify. Sends the domain names
               and the client IP's reverse name (never message content) to the resolver.
  --doh URL    the resolver for --live and --verify: cloudflare (default), google, quad9, or any
               DoH URL (https://…, or http://… for a local endpoint), asked in the RFC 8484
               wire format; json:URL asks it in the JSON form
  --watch      after the report, watch current DNS until Cloudflare, Google and Quad9 each serve
               an SPF record that authorizes the message's client IP, a DMARC record and the
               DKIM key; prints each resolver's progress; exit 0 when live, 1 when time ran out
  --watch-for TIME  how long to watch: 90s, 10m, 2h (default and most 48h)
  --resolvers LIST  the resolvers to watch, comma-separated: cloudflare, google, quad9, or DoH URLs
  --exit-zero  exit 0 after any analysis, whatever the verdict
  --no-color   plain text (also when NO_COLOR is set or output is not a terminal)
  -h, --help   this text

Exit status: 0 the message is authenticated (the receiver's DMARC passed; without a DMARC
result, an SPF or DKIM pass aligned with From:), 1 it is not (or the input is a bounce),
2 the input can't be read or holds no message, or the arguments are wrong.
`;

/** Reading more than this is refused: the analyzer needs the header section only, and a
 * mistaken argument (a disk image, /dev/zero) must not exhaust memory. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

interface Options {
  file: string | null;
  format: 'text' | 'json' | 'markdown';
  color: boolean;
  live: boolean;
  verify: boolean;
  exitZero: boolean;
  doh: DohChoice;
  watch: { endpoints: readonly DohEndpoint[]; limitMs: number } | null;
}

export async function inspect(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    if (parsed === 'help') process.stdout.write(INSPECT_USAGE);
    else process.stderr.write(`header-lens: ${parsed}\n\n${INSPECT_USAGE}`);
    return parsed === 'help' ? 0 : 2;
  }
  let raw: Buffer;
  let source: string;
  try {
    if (parsed.file === null) {
      raw = await readFile(new URL('./sample.eml', import.meta.url));
      source = 'bundled sample (pass a FILE to analyze your own message)';
    } else if (parsed.file === '-') {
      raw = await readStdin();
      source = 'standard input';
    } else {
      raw = await readLimited(parsed.file);
      source = parsed.file;
    }
  } catch (error) {
    process.stderr.write(
      `header-lens: cannot read ${parsed.file ?? 'the sample'}: ${describeError(error)}\n`,
    );
    return 2;
  }
  let report = analyzeMessage(raw.toString('utf8'));
  if (parsed.live || parsed.verify) {
    // One resolver for both checks: a key asked for by both is asked once.
    const { resolver, resolverName } = dohResolver(parsed.doh);
    if (parsed.live) report = await addLive(report, resolver, resolverName);
    if (parsed.verify) {
      // The bytes as read: verification needs the exact message, body included.
      report = await verifySignatures(raw, report, {
        source: 'eml',
        resolver,
        resolverName,
        crypto: createWebCryptoDkim(globalThis.crypto.subtle),
      });
    }
  }
  if (parsed.format === 'json') {
    process.stdout.write(safeJson(report));
  } else if (parsed.format === 'markdown') {
    process.stdout.write(renderMarkdown(report));
  } else {
    process.stdout.write(
      renderText(report, source, { color: parsed.color, width: process.stdout.columns ?? 100 }),
    );
  }
  if (parsed.watch !== null && report.input === 'message') {
    return watchReport(report, parsed.watch);
  }
  if (parsed.exitZero) return 0;
  if (report.input === 'empty') return 2;
  return isAuthenticated(report) ? 0 : 1;
}

/**
 * The delivery-time verdict as an exit status: the receiver's DMARC result when it reported
 * one; without it (no result, `none` — no policy published — or Microsoft's `bestguesspass`),
 * an SPF or DKIM pass whose domain aligns with From:. A bounce is not an authenticated message.
 */
export function isAuthenticated(report: Report): boolean {
  if (report.input !== 'message') return false;
  const dmarc = report.dmarc.result;
  if (dmarc === 'pass') return true;
  if (dmarc !== null && dmarc !== 'none' && dmarc !== 'bestguesspass') return false;
  return (
    (report.spf.result === 'pass' && report.dmarc.spfAligned === true) ||
    report.dkim.some((d) => d.result === 'pass' && d.aligned === true)
  );
}

function parseArgs(argv: readonly string[]): Options | string {
  let file: string | null = null;
  let format: Options['format'] = 'text';
  let color = colorWanted(process.stdout);
  let live = false;
  let verify = false;
  let exitZero = false;
  let dohGiven = false;
  let doh = DEFAULT_DOH;
  let watch = false;
  let endpoints: readonly DohEndpoint[] = WATCH_ENDPOINTS;
  let limitMs = WATCH_LIMIT_MS;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--watch') watch = true;
    else if (arg === '--watch-for' || arg === '--resolvers') {
      const value = argv[i + 1] ?? '';
      i += 1;
      watch = true;
      if (arg === '--watch-for') {
        const ms = durationOption(value);
        if (ms === null) return `--watch-for needs a time such as 90s, 10m or 2h (at most 48h)`;
        limitMs = ms;
      } else {
        const list = resolversOption(value);
        if (list === null) return `--resolvers needs cloudflare, google, quad9 or DoH URLs`;
        endpoints = list;
      }
    } else if (arg === '--doh') {
      const value = argv[i + 1];
      i += 1;
      const chosen = value === undefined ? null : dohOption(value);
      if (chosen === null) return `${DOH_USAGE}, not ${value ?? 'nothing'}`;
      doh = chosen;
      dohGiven = true;
    } else if (arg === '--live') {
      live = true;
      verify = true;
    } else if (arg === '--verify') verify = true;
    else if (arg === '--json') format = 'json';
    else if (arg === '--markdown') format = 'markdown';
    else if (arg === '--no-color') color = false;
    else if (arg === '--exit-zero') exitZero = true;
    else if (arg === '-h' || arg === '--help') return 'help';
    else if (arg.startsWith('-') && arg !== '-') return `unknown option ${arg}`;
    else if (file !== null) return 'only one FILE can be analyzed at a time';
    else file = arg;
  }
  // --doh alone means --live; beside --verify it is the resolver for the keys only.
  if (dohGiven && !verify) live = true;
  return {
    file,
    format,
    color,
    live,
    verify,
    exitZero,
    doh,
    watch: watch ? { endpoints, limitMs } : null,
  };
}

/** The report with current-DNS results beside each verdict. A resolver failure is reported in
 * the results (temperror, "could not be reached"), not as a crash. */
async function addLive(report: Report, resolver: Resolver, resolverName: string): Promise<Report> {
  const live = await checkLive(liveQueryOf(report), resolver, {
    resolver: resolverName,
    checkedAt: checkedAtNow(),
  });
  return withLive(report, live);
}

async function readLimited(path: string): Promise<Buffer> {
  const info = await stat(path);
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (info.size > MAX_INPUT_BYTES) {
    throw new Error(`larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB — is this a message?`);
  }
  return readFile(path);
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY === true) {
    process.stderr.write('Paste the headers, then press Ctrl-D.\n');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.byteLength;
    if (size > MAX_INPUT_BYTES) throw new Error(`larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
