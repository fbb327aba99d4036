import { isDnsName, toAsciiDomain } from '../psl/domain-name.ts';
import { parseIp } from '../parse/parse-ip.ts';
import { decodeDnsAnswer, encodeDnsQuery, toBase64Url } from './dns-wire.ts';
import type { DnsResult, DnsType, Resolver } from './resolver.ts';

/**
 * A Resolver over the DNS-over-HTTPS JSON API (Cloudflare's `application/dns-json`, Google's
 * `/resolve`: developers.cloudflare.com/1.1.1.1/encryption/dns-over-https/make-api-requests/dns-json/,
 * developers.google.com/speed/public-dns/docs/doh/json):
 *   GET <endpoint>?name=<name>&type=<TYPE> with `accept: application/dns-json`
 *   Status 0 → answers (none of the asked type: NODATA); 3 → NXDOMAIN; 2 and any other RCODE,
 *   HTTP ≠ 200, `TC: true`, unreadable JSON, a timeout → error (RFC 7208 temperror).
 * Answers of other types (a CNAME before the TXT) are skipped; unknown fields are ignored.
 * Positive and negative answers are cached for their TTL. Only valid DNS names are ever sent.
 * With `format: 'wire'` the same queries go out in the RFC 8484 wire format
 * (`application/dns-message`, dns-wire.ts), which every DoH server speaks: GET with the query in
 * `dns=` (base64url, ID 0 so HTTP caches can share it), or POST with the query as the body.
 * The JSON form stays the default for the endpoints that offer it: its answer is read without a
 * second codec, and a GET of it is as cacheable.
 */
export interface DohOptions {
  /** `https://cloudflare-dns.com/dns-query`; `http://` only for a local test endpoint. */
  endpoint: string;
  /** `json` (default): `?name=&type=`; `wire`: RFC 8484 `application/dns-message`. */
  format?: DohFormat;
  /** For the wire format: GET (default, cacheable) or POST (RFC 8484 §4.1). */
  method?: 'GET' | 'POST';
  fetch: FetchLike;
  /** Per query; a slow answer becomes an error. */
  timeoutMs?: number;
  now?: () => number;
}

/** The part of `fetch` the resolver uses, so Node, browsers and tests can pass their own. */
export type FetchLike = (
  url: string,
  init: {
    headers: Record<string, string>;
    signal: AbortSignal;
    method?: 'GET' | 'POST';
    body?: Uint8Array<ArrayBuffer>;
  },
) => Promise<{ status: number; text(): Promise<string>; arrayBuffer?(): Promise<ArrayBuffer> }>;

export type DohFormat = 'json' | 'wire';

export { DOH_ENDPOINTS } from './doh-endpoints.ts';

const TYPE_CODES: Record<DnsType, number> = { A: 1, MX: 15, TXT: 16, AAAA: 28, PTR: 12 };
const DEFAULT_TIMEOUT_MS = 4000;
/** A negative answer without an SOA to take the TTL from is kept this long (RFC 2308 §5). */
const DEFAULT_NEGATIVE_TTL = 60;
/** Largest answer body read: DNS answers over UDP/TCP are at most 64 KiB; JSON adds quoting. */
const MAX_BODY_CHARS = 256 * 1024;

export function createDohResolver(options: DohOptions): Resolver {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache = new Map<string, { result: DnsResult; expires: number }>();
  return async (name, type) => {
    const ascii = toAsciiDomain(name);
    if (ascii === null || !isDnsName(ascii)) {
      return {
        status: 'error',
        reason: `"${name.slice(0, 80)}" is not a valid domain name; not queried`,
      };
    }
    const key = `${type} ${ascii}`;
    const hit = cache.get(key);
    if (hit !== undefined && hit.expires > now()) return hit.result;
    const result = await query(options, ascii, type, timeoutMs);
    const ttl = result.status === 'error' ? null : (result.ttl ?? DEFAULT_NEGATIVE_TTL);
    if (ttl !== null && ttl > 0) cache.set(key, { result, expires: now() + ttl * 1000 });
    return result;
  };
}

async function query(
  options: DohOptions,
  name: string,
  type: DnsType,
  timeoutMs: number,
): Promise<DnsResult> {
  if (options.format === 'wire') return queryWire(options, name, type, timeoutMs);
  const url = `${options.endpoint}${options.endpoint.includes('?') ? '&' : '?'}name=${encodeURIComponent(name)}&type=${type}`;
  return withTimeout(timeoutMs, async (signal) => {
    const response = await options.fetch(url, {
      headers: { accept: 'application/dns-json' },
      signal,
    });
    if (response.status !== 200)
      return { status: 'error', reason: `the resolver answered HTTP ${response.status}` };
    const body = await response.text();
    return parseDohAnswer(body.length > MAX_BODY_CHARS ? '' : body, type);
  });
}

async function queryWire(
  options: DohOptions,
  name: string,
  type: DnsType,
  timeoutMs: number,
): Promise<DnsResult> {
  const message = encodeDnsQuery(name, type);
  if (message === null) return { status: 'error', reason: `"${name}" is not a valid domain name` };
  const post = options.method === 'POST';
  const sep = options.endpoint.includes('?') ? '&' : '?';
  const url = post ? options.endpoint : `${options.endpoint}${sep}dns=${toBase64Url(message)}`;
  return withTimeout(timeoutMs, async (signal) => {
    const headers: Record<string, string> = { accept: 'application/dns-message' };
    if (post) headers['content-type'] = 'application/dns-message';
    const response = await options.fetch(
      url,
      post ? { method: 'POST', headers, body: message, signal } : { headers, signal },
    );
    if (response.status !== 200)
      return { status: 'error', reason: `the resolver answered HTTP ${response.status}` };
    if (response.arrayBuffer === undefined)
      return { status: 'error', reason: 'this fetch cannot read a binary answer' };
    const body = new Uint8Array(await response.arrayBuffer());
    return decodeDnsAnswer(body, type);
  });
}

/** Runs one request, turning a slow answer or a network failure into an error result. */
async function withTimeout(
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<DnsResult>,
): Promise<DnsResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (timedOut) return { status: 'error', reason: `no answer within ${timeoutMs / 1000} s` };
    return { status: 'error', reason: `the resolver could not be reached (${describe(error)})` };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads one DoH JSON answer. Exported for tests. */
export function parseDohAnswer(body: string, type: DnsType): DnsResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 'error', reason: 'the resolver sent an unreadable answer' };
  }
  if (!isRecord(json) || typeof json['Status'] !== 'number') {
    return { status: 'error', reason: 'the resolver sent an answer without a status' };
  }
  if (json['TC'] === true) return { status: 'error', reason: 'the answer was truncated (TC)' };
  const status = json['Status'];
  if (status === 3) return { status: 'nxdomain', ttl: negativeTtl(json) };
  if (status !== 0)
    return { status: 'error', reason: `DNS error ${RCODES[status] ?? `RCODE ${status}`}` };
  const wanted = TYPE_CODES[type];
  const answers = Array.isArray(json['Answer']) ? json['Answer'] : [];
  const found: { value: string; ttl: number; preference: number }[] = [];
  for (const a of answers) {
    if (!isRecord(a) || a['type'] !== wanted || typeof a['data'] !== 'string') continue;
    const ttl = typeof a['TTL'] === 'number' && a['TTL'] >= 0 ? a['TTL'] : 0;
    const record = readData(a['data'], type);
    if (record !== null) found.push({ ...record, ttl });
  }
  if (type === 'MX') found.sort((x, y) => x.preference - y.preference);
  return {
    status: 'ok',
    records: found.map((f) => f.value),
    ttl: found.length === 0 ? negativeTtl(json) : Math.min(...found.map((f) => f.ttl)),
    authenticated: json['AD'] === true,
  };
}

function readData(data: string, type: DnsType): { value: string; preference: number } | null {
  switch (type) {
    case 'TXT':
      return { value: readTxt(data), preference: 0 };
    case 'A':
    case 'AAAA': {
      const ip = parseIp(data);
      return ip === null ? null : { value: ip, preference: 0 };
    }
    case 'MX': {
      const [pref, host] = data.trim().split(/\s+/);
      const name = host === undefined ? null : toAsciiDomain(host);
      return name === null ? null : { value: name, preference: Number(pref) || 0 };
    }
    case 'PTR': {
      const name = toAsciiDomain(data);
      return name === null ? null : { value: name, preference: 0 };
    }
  }
}

/**
 * TXT RDATA in presentation form (RFC 1035 §5.1): one quoted string per 255-byte chunk, joined
 * without separators (RFC 7208 §3.3); `\"`, `\\` and `\DDD` escapes. Google has been seen sending
 * the text unquoted: then it is taken as is.
 */
export function readTxt(data: string): string {
  const s = data.trim();
  if (!s.startsWith('"')) return s;
  const bytes: number[] = [];
  let inside = false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (!inside) {
      if (c === 0x22) inside = true;
      continue;
    }
    if (c === 0x22) {
      inside = false;
    } else if (c === 0x5c && i + 1 < s.length) {
      const d = s.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        bytes.push(Number(d) & 0xff);
        i += 3;
      } else {
        bytes.push(s.charCodeAt(i + 1) & 0xff);
        i += 1;
      }
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = s.codePointAt(i) ?? 0xfffd;
      if (cp > 0xffff) i += 1;
      bytes.push(...utf8(cp));
    }
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

function utf8(cp: number): number[] {
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [
    0xf0 | (cp >> 18),
    0x80 | ((cp >> 12) & 0x3f),
    0x80 | ((cp >> 6) & 0x3f),
    0x80 | (cp & 0x3f),
  ];
}

/** RFC 2308: a negative answer lives for the SOA's TTL in the authority section. */
function negativeTtl(json: Record<string, unknown>): number | null {
  const authority = Array.isArray(json['Authority']) ? json['Authority'] : [];
  for (const a of authority) {
    if (isRecord(a) && typeof a['TTL'] === 'number') return a['TTL'];
  }
  return null;
}

const RCODES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 4: 'NOTIMP', 5: 'REFUSED' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
