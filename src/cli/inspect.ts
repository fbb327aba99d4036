/**
 * `npm run inspect -- [FILE|-] [--json]`: the core analyzer in a terminal. With no FILE it reads
 * a bundled sample, so a newcomer sees a report at once. Exit codes: 0 after an analysis,
 * 2 when the input can't be read or the arguments are wrong.
 */
import { readFile, stat } from 'node:fs/promises';
import { analyzeMessage, renderMarkdown } from '../core/index.ts';
import { renderText } from './render-text.ts';

const USAGE = `Usage: npm run inspect -- [FILE | -] [--json | --markdown] [--no-color]

Analyzes a message's headers (a .eml file, headers copied from Gmail's Show original, or a
bounce / SMTP reply / postfix log line) and prints SPF, DKIM, DMARC, the path and the DNS
record to publish when something fails.

  FILE        the message; "-" reads standard input; none analyzes a bundled sample
  --json      print the JSON report only (the contract documented in README.md)
  --markdown  print a Markdown summary for a ticket or a forum post
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
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed === 'help' ? USAGE : `header-lens: ${parsed}\n\n${USAGE}`);
    return parsed === 'help' ? 0 : 2;
  }
  let raw: string;
  let source: string;
  try {
    if (parsed.file === null) {
      raw = await readFile(new URL('./sample.eml', import.meta.url), 'utf8');
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
  const report = analyzeMessage(raw);
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
  for (const arg of argv) {
    if (arg === '--json') format = 'json';
    else if (arg === '--markdown') format = 'markdown';
    else if (arg === '--no-color') color = false;
    else if (arg === '-h' || arg === '--help') return 'help';
    else if (arg.startsWith('-') && arg !== '-') return `unknown option ${arg}`;
    else if (file !== null) return 'only one FILE can be analyzed at a time';
    else file = arg;
  }
  return { file, format, color };
}

async function readLimited(path: string): Promise<string> {
  const info = await stat(path);
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (info.size > MAX_INPUT_BYTES) {
    throw new Error(`larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB — is this a message?`);
  }
  return (await readFile(path)).toString('utf8');
}

async function readStdin(): Promise<string> {
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
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

process.exitCode = await main(process.argv.slice(2));
