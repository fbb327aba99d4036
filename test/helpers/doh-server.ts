/**
 * A local DNS-over-HTTPS endpoint for tests, answering from a zone table the way Cloudflare
 * and Google do in JSON (their JSON APIs' documentation) and any RFC 8484 server does in the wire
 * format (GET `?dns=` or POST `application/dns-message`), plus the failures a real resolver
 * produces. The zone may be a function, read on every query, so answers can change over time.
 * The same handler serves plain HTTP (unit and CLI tests) and HTTPS (browser tests).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeDnsQuery } from '../../src/core/dns/dns-wire.ts';
import { parseDohAnswer } from '../../src/core/dns/doh-resolver.ts';
import { encodeWireAnswer, fromBase64Url, type JsonAnswer } from './dns-wire-answer.ts';
import type { Resolver } from '../../src/core/dns/resolver.ts';

export interface ZoneRecord {
  type: 'TXT' | 'A' | 'AAAA' | 'MX' | 'PTR' | 'CNAME';
  /** As the resolver sends it: TXT in presentation form (`"v=spf1 " "-all"`) or unquoted. */
  data: string;
  ttl?: number;
}

/** A name's records, or a failure to produce for any query of it. */
export type ZoneEntry = ZoneRecord[] | 'SERVFAIL' | 'TIMEOUT' | 'TC' | 'BADJSON' | 'HTTP500';
export type Zone = Record<string, ZoneEntry>;

const TYPES: Record<string, number> = { A: 1, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };

export interface DohLog {
  /** Every `name type` asked, in order. */
  queries: string[];
  /** The format of each query: `json`, `wire-get` or `wire-post`. */
  formats?: string[];
}

const TYPE_NAMES = new Map(Object.entries(TYPES).map(([k, v]) => [v, k]));

export function dohHandler(
  zone: Zone | (() => Zone),
  log: DohLog = { queries: [] },
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => answerWire(Uint8Array.from(Buffer.concat(chunks)), 'wire-post'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://doh.test');
    const dns = url.searchParams.get('dns');
    if (dns !== null) {
      answerWire(fromBase64Url(dns), 'wire-get');
      return;
    }
    const name = (url.searchParams.get('name') ?? '').toLowerCase().replace(/\.$/, '');
    const type = (url.searchParams.get('type') ?? 'A').toUpperCase();
    answer(name, type, 'json', (status, body) => {
      const headers = {
        'content-type': 'application/dns-json',
        'access-control-allow-origin': '*',
      };
      res
        .writeHead(status, headers)
        .end(body === null ? '{"Status": 0, "Answer": [' : JSON.stringify(body));
    });

    function answerWire(query: Uint8Array, format: string): void {
      const q = decodeDnsQuery(query);
      if (q === null) {
        res.writeHead(400).end('bad query');
        return;
      }
      answer(
        q.name.toLowerCase(),
        TYPE_NAMES.get(q.type) ?? String(q.type),
        format,
        (status, body) => {
          const headers = {
            'content-type': 'application/dns-message',
            'access-control-allow-origin': '*',
          };
          // BADJSON's wire form: a header cut short.
          const bytes =
            body === null
              ? Uint8Array.from([0, 0, 0x81])
              : encodeWireAnswer(q.id, q.name, q.type, body as unknown as JsonAnswer);
          res.writeHead(status, headers).end(status === 200 ? Buffer.from(bytes) : 'oops');
        },
      );
    }
  };

  function answer(
    name: string,
    type: string,
    format: string,
    send: (status: number, body: Record<string, unknown> | null) => void,
  ): void {
    log.queries.push(`${name} ${type}`);
    log.formats?.push(format);
    const table = typeof zone === 'function' ? zone() : zone;
    const entries = new Map(
      Object.entries(table).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ''), v]),
    );
    const entry = entries.get(name);
    if (entry === 'TIMEOUT') return; // never answers
    if (entry === 'HTTP500') {
      send(500, {});
      return;
    }
    if (entry === 'BADJSON') {
      send(200, null);
      return;
    }
    const question = [{ name: `${name}.`, type: TYPES[type] ?? 0 }];
    let body: Record<string, unknown>;
    if (entry === 'SERVFAIL') body = { Status: 2, TC: false, Question: question };
    else if (entry === 'TC') body = { Status: 0, TC: true, Question: question, Answer: [] };
    else if (entry === undefined) {
      body = {
        Status: 3,
        Question: question,
        Authority: [
          {
            name: 'test.',
            type: 6,
            TTL: 900,
            data: 'ns.test. hostmaster.test. 1 7200 900 1209600 900',
          },
        ],
      };
    } else {
      const answer: Record<string, unknown>[] = [];
      for (const r of entry) {
        if (r.type === 'CNAME' || r.type === type) {
          answer.push({ name: `${name}.`, type: TYPES[r.type], TTL: r.ttl ?? 300, data: r.data });
        }
      }
      body = {
        Status: 0,
        TC: false,
        RD: true,
        RA: true,
        AD: false,
        CD: false,
        Question: question,
        Answer: answer,
        Comment: 'test',
      };
    }
    send(200, body);
  }
}

export async function startDohServer(
  zone: Zone | (() => Zone),
): Promise<{ url: string; log: DohLog; close: () => Promise<void> }> {
  const log: DohLog = { queries: [], formats: [] };
  const server = createServer(dohHandler(zone, log));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The same zone as an in-memory Resolver (no HTTP), for tests of the checks above the resolver.
 * Every query is logged; 'TIMEOUT' and the other failures become errors as the DoH client reports them.
 */
export function zoneResolver(zone: Zone, log: DohLog = { queries: [] }): Resolver {
  const handler = dohHandler(zone, log);
  return async (name, type) => {
    const entry = Object.entries(zone).find(
      ([k]) => k.toLowerCase().replace(/\.$/, '') === name.toLowerCase(),
    );
    if (entry?.[1] === 'TIMEOUT') {
      log.queries.push(`${name} ${type}`);
      return { status: 'error', reason: 'no answer within 4 s' };
    }
    let body = '';
    let status = 200;
    const res = {
      writeHead(code: number) {
        status = code;
        return this;
      },
      end(text: string) {
        body = text;
      },
    };
    handler(
      { url: `/dns-query?name=${encodeURIComponent(name)}&type=${type}` } as IncomingMessage,
      res as unknown as ServerResponse,
    );
    if (status !== 200) return { status: 'error', reason: `the resolver answered HTTP ${status}` };
    return parseDohAnswer(body, type);
  };
}
