import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import {
  createLogSummarizer,
  type ByteFind,
  type LogSummarizer,
  type LogSummary,
} from '../core/log/index.ts';

/**
 * Streams mail logs into the core's summarizer, a chunk at a time: files (gzip-rotated ones,
 * `mail.log.2.gz`, recognized by their magic bytes, whatever their name) and standard input.
 * Memory stays bounded whatever the size: one chunk in flight plus the summarizer's limits.
 */
export type LogInput = { kind: 'file'; path: string } | { kind: 'stdin' };

/** Chunk size read at a time: large enough that per-chunk costs vanish beside the search. */
export const CHUNK_BYTES = 1024 * 1024;

/** Buffer#indexOf: the platform's byte search, several times a plain loop's speed. */
export const bufferFind: ByteFind = (haystack, needle, from) =>
  (Buffer.isBuffer(haystack)
    ? haystack
    : Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength)
  ).indexOf(needle, from);

export class LogReadError extends Error {}

export async function summarizeLogs(
  inputs: readonly LogInput[],
  options: { since: number | null; now: number },
): Promise<LogSummary> {
  const summarizer = createLogSummarizer({ since: options.since, find: bufferFind });
  for (const input of inputs) {
    if (input.kind === 'stdin') {
      summarizer.begin({ name: 'standard input', referenceMs: options.now });
      await pump(process.stdin, summarizer, 'standard input');
    } else {
      const info = await stat(input.path).catch((error: unknown) => {
        throw new LogReadError(`cannot read ${input.path}: ${describe(error)}`);
      });
      if (info.isDirectory())
        throw new LogReadError(`cannot read ${input.path}: it is a directory`);
      // A rotated file was last written when it was rotated, after its last line.
      summarizer.begin({ name: input.path, referenceMs: info.mtimeMs });
      await pump(
        createReadStream(input.path, { highWaterMark: CHUNK_BYTES }),
        summarizer,
        input.path,
      );
    }
    summarizer.end();
  }
  return summarizer.summary();
}

/** Feeds a stream's bytes to the summarizer, through gunzip when they start with gzip's magic
 * bytes (RFC 1952 §2.3.1: 1f 8b) — a file of any name, or standard input. */
async function pump(stream: Readable, summarizer: LogSummarizer, name: string): Promise<void> {
  try {
    const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head = await chunks.next();
    if (head.done === true) return;
    const first = head.value;
    const all = async function* (): AsyncGenerator<Buffer> {
      yield first;
      for (;;) {
        const next = await chunks.next();
        if (next.done === true) return;
        yield next.value;
      }
    };
    const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
      for await (const chunk of source) summarizer.push(chunk);
    };
    if (first[0] === 0x1f && first[1] === 0x8b) {
      await pipeline(Readable.from(all()), createGunzip({ chunkSize: 256 * 1024 }), consume);
    } else {
      await consume(all());
    }
  } catch (error) {
    throw new LogReadError(`cannot read ${name}: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM')
    return 'permission denied (mail logs are often readable only by root or the adm group)';
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return 'a damaged or cut-off gzip file';
  return error instanceof Error ? error.message : String(error);
}
