// Over 300 lines: the DNS wire format both ways (RFC 1035/8484): the query writer and the answer
// reader share one private bounds-checked cursor, which would otherwise have to be exported.
import { encodeBase64 } from '../dkim/encode-base64.ts';
import { toAsciiDomain } from '../psl/domain-name.ts';
import { parseIp } from '../parse/parse-ip.ts';
import type { DnsResult, DnsType } from './resolver.ts';

/**
 * DNS messages in the RFC 1035 §4 wire format, as DNS over HTTPS carries them (RFC 8484,
 * `application/dns-message`).
 * - The query: ID 0 (RFC 8484 §4.1: a GET answer is then cacheable by HTTP caches), RD set, one
 *   question of class IN, and an EDNS(0) OPT record (RFC 6891) when asked, so a resolver may send
 *   more than 512 octets (it must also over HTTP: the message size is bounded by HTTP, not UDP).
 * - The answer: the header (QR must be set; TC → error; RCODE 3 → NXDOMAIN with the SOA's TTL
 *   (RFC 2308 §5); any other non-zero RCODE → error), the question section skipped, answer
 *   records of the asked type read (CNAMEs and other types skipped), the authority section read
 *   only for the SOA of a negative answer.
 * Names may be compressed (RFC 1035 §4.1.4). A pointer must point before itself, so a name can
 * never loop; every read is bounds-checked, and a malformed packet is an error, never a throw.
 * Not handled: DNSSEC records (the AD bit is read and shown, nothing is validated), classes other
 * than IN, and the EDNS(0) extended RCODE (a resolver asked over HTTP has no reason to send one).
 */

const TYPE_CODES: Record<DnsType, number> = { A: 1, MX: 15, TXT: 16, AAAA: 28, PTR: 12 };
const TYPE_SOA = 6;
const CLASS_IN = 1;
/** RFC 1035 §2.3.4: a name is at most 255 octets on the wire. */
const MAX_NAME_OCTETS = 255;
/** A DNS message is at most 65535 octets (RFC 1035 §4.2.2 length prefix; RFC 8484 §6). */
export const MAX_DNS_MESSAGE = 65535;
const RCODES: Record<number, string> = {
  1: 'FORMERR',
  2: 'SERVFAIL',
  4: 'NOTIMP',
  5: 'REFUSED',
};

/**
 * The query for `name` (already a valid ASCII DNS name, without the trailing dot), or null when
 * it is not one.
 */
export function encodeDnsQuery(
  name: string,
  type: DnsType,
  options: { edns?: boolean } = {},
): Uint8Array<ArrayBuffer> | null {
  const ascii = toAsciiDomain(name);
  if (ascii === null) return null;
  const labels = ascii.split('.');
  const nameLength = labels.reduce((n, l) => n + 1 + l.length, 1);
  const edns = options.edns ?? true;
  const out = new Uint8Array(12 + nameLength + 4 + (edns ? 11 : 0));
  const view = new DataView(out.buffer);
  // ID 0; flags: RD. QDCOUNT 1; ARCOUNT 1 with EDNS.
  view.setUint16(2, 0x0100);
  view.setUint16(4, 1);
  view.setUint16(10, edns ? 1 : 0);
  let at = 12;
  for (const label of labels) {
    out[at] = label.length;
    at += 1;
    for (let i = 0; i < label.length; i += 1) out[at + i] = label.charCodeAt(i);
    at += label.length;
  }
  out[at] = 0;
  at += 1;
  view.setUint16(at, TYPE_CODES[type]);
  view.setUint16(at + 2, CLASS_IN);
  at += 4;
  if (edns) {
    // OPT RR (RFC 6891 §6.1.2): root name, TYPE 41, CLASS = UDP payload size, TTL 0, RDLEN 0.
    out[at] = 0;
    view.setUint16(at + 1, 41);
    view.setUint16(at + 3, 4096);
  }
  return out;
}

/** The message ID and question of a query, for test servers; null when it is not one. */
export function decodeDnsQuery(
  bytes: Uint8Array,
): { id: number; name: string; type: number } | null {
  const r = new Reader(bytes);
  const id = r.u16();
  r.skip(2);
  const qd = r.u16();
  if (r.failed || qd !== 1) return null;
  r.skip(6);
  const name = r.name();
  const type = r.u16();
  r.u16();
  return r.failed || name === null ? null : { id, name, type };
}

/** Reads a wire-format answer to a query for `type`, as the JSON reader does (doh-resolver.ts). */
export function decodeDnsAnswer(bytes: Uint8Array, type: DnsType): DnsResult {
  const bad = (why: string): DnsResult => ({
    status: 'error',
    reason: `the resolver sent an unreadable answer (${why})`,
  });
  if (bytes.length > MAX_DNS_MESSAGE) return bad('longer than a DNS message can be');
  const r = new Reader(bytes);
  r.skip(2);
  const flags = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const;
  if (r.failed) return bad('shorter than a DNS header');
  if ((flags & 0x8000) === 0) return bad('not a response');
  if ((flags & 0x0200) !== 0) return { status: 'error', reason: 'the answer was truncated (TC)' };
  const rcode = flags & 0x000f;
  const [qd, an, ns] = counts;
  for (let i = 0; i < qd && !r.failed; i += 1) {
    r.name();
    r.skip(4);
  }
  const wanted = TYPE_CODES[type];
  const found: { value: string; ttl: number; preference: number }[] = [];
  for (let i = 0; i < an && !r.failed; i += 1) {
    const rr = r.record();
    if (rr === null) break;
    if (rr.type !== wanted || rr.klass !== CLASS_IN) continue;
    const value = readRdata(r, rr.start, rr.length, type);
    if (value !== null) found.push({ ...value, ttl: rr.ttl });
  }
  if (r.failed) return bad(r.why);
  let negative: number | null = null;
  if (rcode === 3 || found.length === 0) {
    for (let i = 0; i < ns && !r.failed; i += 1) {
      const rr = r.record();
      if (rr === null || rr.type !== TYPE_SOA) continue;
      // RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its MINIMUM field.
      const minimum = rr.length >= 22 ? r.u32At(rr.start + rr.length - 4) : rr.ttl;
      negative = Math.min(rr.ttl, minimum);
      break;
    }
    if (r.failed) negative = null;
  }
  if (rcode === 3) return { status: 'nxdomain', ttl: negative };
  if (rcode !== 0)
    return { status: 'error', reason: `DNS error ${RCODES[rcode] ?? `RCODE ${rcode}`}` };
  if (type === 'MX') found.sort((x, y) => x.preference - y.preference);
  return {
    status: 'ok',
    records: found.map((f) => f.value),
    ttl: found.length === 0 ? negative : Math.min(...found.map((f) => f.ttl)),
    authenticated: (flags & 0x0020) !== 0,
  };
}

function readRdata(
  r: Reader,
  start: number,
  length: number,
  type: DnsType,
): { value: string; preference: number } | null {
  const end = start + length;
  switch (type) {
    case 'TXT': {
      // One or more <character-string>s (RFC 1035 §3.3.14), joined without separators
      // (RFC 7208 §3.3); the octets are read as UTF-8, as the JSON form's text is.
      const parts: Uint8Array[] = [];
      let at = start;
      while (at < end) {
        const n = r.bytes[at] ?? 0;
        if (at + 1 + n > end) return null;
        parts.push(r.bytes.subarray(at + 1, at + 1 + n));
        at += 1 + n;
      }
      const joined = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
      let o = 0;
      for (const p of parts) {
        joined.set(p, o);
        o += p.length;
      }
      return { value: new TextDecoder('utf-8').decode(joined), preference: 0 };
    }
    case 'A': {
      if (length !== 4) return null;
      return { value: Array.from(r.bytes.subarray(start, end)).join('.'), preference: 0 };
    }
    case 'AAAA': {
      if (length !== 16) return null;
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(r.u16At(start + i).toString(16));
      const ip = parseIp(groups.join(':'));
      return ip === null ? null : { value: ip, preference: 0 };
    }
    case 'MX': {
      if (length < 3) return null;
      const preference = r.u16At(start);
      const name = r.nameAt(start + 2, end);
      const ascii = name === null ? null : toAsciiDomain(name);
      return ascii === null ? null : { value: ascii, preference };
    }
    case 'PTR': {
      const name = r.nameAt(start, end);
      const ascii = name === null ? null : toAsciiDomain(name);
      return ascii === null ? null : { value: ascii, preference: 0 };
    }
  }
}

/** A bounds-checked cursor: a read past the end sets `failed` and returns 0 or null. */
class Reader {
  at = 0;
  failed = false;
  why = '';
  constructor(readonly bytes: Uint8Array) {}

  private fail(why: string): void {
    if (!this.failed) this.why = why;
    this.failed = true;
  }

  skip(n: number): void {
    if (this.at + n > this.bytes.length) this.fail('cut short');
    else this.at += n;
  }

  u16(): number {
    if (this.at + 2 > this.bytes.length) {
      this.fail('cut short');
      return 0;
    }
    const v = this.u16At(this.at);
    this.at += 2;
    return v;
  }

  u16At(i: number): number {
    return ((this.bytes[i] ?? 0) << 8) | (this.bytes[i + 1] ?? 0);
  }

  u32At(i: number): number {
    return this.u16At(i) * 0x10000 + this.u16At(i + 2);
  }

  /** A resource record's fixed part; the cursor moves past its RDATA. */
  record(): { type: number; klass: number; ttl: number; start: number; length: number } | null {
    if (this.name() === null) return null;
    const type = this.u16();
    const klass = this.u16();
    const high = this.u16();
    const low = this.u16();
    const length = this.u16();
    if (this.failed) return null;
    const start = this.at;
    this.skip(length);
    if (this.failed) return null;
    // RFC 2181 §8: a TTL with the top bit set is read as 0.
    const ttl = high >= 0x8000 ? 0 : high * 0x10000 + low;
    return { type, klass, ttl, start, length };
  }

  /** The name at the cursor, which moves past it (past the first pointer when compressed). */
  name(): string | null {
    const read = this.readName(this.at, this.bytes.length);
    if (read === null) return null;
    this.at = read.next;
    return read.name;
  }

  /** A name inside RDATA that must end (its uncompressed part) before `end`. */
  nameAt(at: number, end: number): string | null {
    const read = this.readName(at, end);
    return read === null ? null : read.name;
  }

  private readName(start: number, end: number): { name: string; next: number } | null {
    const labels: string[] = [];
    let at = start;
    let next = -1;
    let octets = 1;
    // Each pointer must go strictly backwards, so the walk ends; the octet bound ends it sooner.
    let limit = end;
    for (;;) {
      if (at >= limit) {
        this.fail('a name runs past its end');
        return null;
      }
      const len = this.bytes[at] ?? 0;
      if (len === 0) {
        if (next < 0) next = at + 1;
        break;
      }
      if ((len & 0xc0) === 0xc0) {
        if (at + 1 >= limit) {
          this.fail('a name runs past its end');
          return null;
        }
        const target = ((len & 0x3f) << 8) | (this.bytes[at + 1] ?? 0);
        if (target >= at) {
          this.fail('a compression pointer that does not point backwards');
          return null;
        }
        if (next < 0) next = at + 2;
        at = target;
        limit = this.bytes.length;
        continue;
      }
      if ((len & 0xc0) !== 0) {
        this.fail('an unknown label type');
        return null;
      }
      octets += len + 1;
      if (octets > MAX_NAME_OCTETS || at + 1 + len > limit) {
        this.fail(octets > MAX_NAME_OCTETS ? 'a name longer than 255 octets' : 'cut short');
        return null;
      }
      let label = '';
      for (let i = at + 1; i <= at + len; i += 1) {
        const c = this.bytes[i] ?? 0;
        // A dot or a non-printable octet inside a label can't be written as a host name here:
        // shown as \DDD (RFC 1035 §5.1) so the name is rejected by toAsciiDomain, never misread.
        label += c > 0x20 && c < 0x7f && c !== 0x2e ? String.fromCharCode(c) : `\\${c}`;
      }
      labels.push(label);
      at += 1 + len;
    }
    return { name: labels.join('.'), next };
  }
}

/** RFC 4648 §5 base64url without padding, as RFC 8484 §4.1 puts the query into `dns=`. */
export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
