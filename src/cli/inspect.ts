/**
 * `npm run inspect -- [FILE|-] [--json] [--verify] [--live [--doh URL]]`: the core analyzer in a
 * terminal. With no FILE it reads a bundled sample, so a newcomer sees a report at once. `--live`
 * checks the message's domains against current DNS over DNS-over-HTTPS; `--verify` (part of
 * `--live`) verifies each DKIM signature and the ARC chain over the file's bytes with the keys in
 * current DNS. Exit codes: 0 after an analysis (with or without the checks), 2 when the input
 * can't be read or the arguments are wrong.
 */
import { readFile, stat } from 'node:fs/promises';
import {
  analyzeMessage,
  checkLive,
  createDohResolver,
  createWebCryptoDkim,
  DOH_ENDPOINTS,
  liveQueryOf,
  renderMarkdown,
  verifySignatures,
  withLive,
  type Report,
  type Resolver,
} from '../core/index.ts';
import { renderText } from './render-text.ts';

const USAGE = `Usage: npm run inspect -- [FILE | -] [--json | --markdown] [--verify] [--live [--doh URL]] [--no-color]

Analyzes a message's headers (a .eml file, headers copied from Gmail's Show original, or a
bounce / SMTP reply / postfix log line) and prints SPF, DKIM, DMARC, the path and the DNS
record to publish when something fails.

  FILE        the message; "-" reads standard input; none analyzes a bundled sample
  --json      print the JSON report only (the contract documented in README.md)
  --markdown  print a Markdown summary for a ticket or a forum post
  --verify    verify each DKIM signature and the ARC chain over the file's bytes with the keys
              in current DNS (pass, or why not: body hash, signature, key). Sends the key
              names (<selector>._domainkey.<domain>) to the DNS-over-HTTPS resolver.
  --live      also check against current DNS: would SPF pass now, the record that would, the
              DMARC record, each DKIM key, reverse DNS, and --verify. Sends the domain names
              and the client IP's reverse name (never message content) to the resolver.
  --doh URL   the resolver for --live and --verify: cloudflare (default), google, or a JSON DoH URL
              (https://…, or http://… for a local endpoint)
  --no-color  plain text (also when NO_COLOR is set or output is not a terminal)
  -h, --help  this text
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
  doh: { name: string; url: string };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed === 'help' ? USAGE : `header-lens: ${parsed}\n\n${USAGE}`);
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
      `header-lens: cannot read ${parsed.file ?? 'the sample'}: ${describe(error)}\n`,
    );
    return 2;
  }
  let report = analyzeMessage(raw.toString('utf8'));
  if (parsed.live || parsed.verify) {
    // One resolver for both checks: a key asked for by both is asked once.
    const resolver = createDohResolver({
      endpoint: parsed.doh.url,
      fetch: (url, init) => fetch(url, init),
    });
    const resolverName = `${parsed.doh.name} (${parsed.doh.url})`;
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
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (parsed.format === 'markdown') {
    process.stdout.write(renderMarkdown(report));
  } else {
    process.stdout.write(
      renderText(report, source, { color: parsed.color, width: process.stdout.columns ?? 100 }),
    );
  }
  return 0;
}

function parseArgs(argv: readonly string[]): Options | string {
  let file: string | null = null;
  let format: Options['format'] = 'text';
  let color = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  let live = false;
  let verify = false;
  let dohGiven = false;
  let doh: Options['doh'] = { name: 'Cloudflare', url: DOH_ENDPOINTS.cloudflare };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--doh') {
      const value = argv[i + 1];
      i += 1;
      const chosen = value === undefined ? null : dohOption(value);
      if (chosen === null)
        return `--doh needs cloudflare, google or an http(s) URL, not ${value ?? 'nothing'}`;
      doh = chosen;
      dohGiven = true;
    } else if (arg === '--live') {
      live = true;
      verify = true;
    } else if (arg === '--verify') verify = true;
    else if (arg === '--json') format = 'json';
    else if (arg === '--markdown') format = 'markdown';
    else if (arg === '--no-color') color = false;
    else if (arg === '-h' || arg === '--help') return 'help';
    else if (arg.startsWith('-') && arg !== '-') return `unknown option ${arg}`;
    else if (file !== null) return 'only one FILE can be analyzed at a time';
    else file = arg;
  }
  // --doh alone means --live; beside --verify it is the resolver for the keys only.
  if (dohGiven && !verify) live = true;
  return { file, format, color, live, verify, doh };
}

function dohOption(value: string): Options['doh'] | null {
  if (value === 'cloudflare') return { name: 'Cloudflare', url: DOH_ENDPOINTS.cloudflare };
  if (value === 'google') return { name: 'Google', url: DOH_ENDPOINTS.google };
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return { name: url.host, url: value };
  } catch {
    return null;
  }
}

/** The report with current-DNS results beside each verdict. A resolver failure is reported in
 * the results (temperror, "could not be reached"), not as a crash. */
async function addLive(report: Report, resolver: Resolver, resolverName: string): Promise<Report> {
  const live = await checkLive(liveQueryOf(report), resolver, {
    resolver: resolverName,
    checkedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
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

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

process.exitCode = await main(process.argv.slice(2));
