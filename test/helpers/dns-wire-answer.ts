/**
 * Test side of RFC 8484: turns the JSON answer body the local DoH server builds into a wire-format
 * DNS response (RFC 1035 §4), with the answer's owner names compressed to a pointer at the
 * question, so the client's decoder reads compressed names in every wire test.
 */
const TYPES: Record<string, number> = {
  A: 1,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
};

export interface JsonAnswer {
  Status: number;
  TC?: boolean;
  AD?: boolean;
  Answer?: { type: number; TTL: number; data: string }[];
  Authority?: { type: number; TTL: number; data: string }[];
}

export function encodeWireAnswer(
  id: number,
  name: string,
  qtype: number,
  body: JsonAnswer,
): Uint8Array {
  const out: number[] = [];
  const u16 = (n: number) => out.push((n >> 8) & 0xff, n & 0xff);
  const u32 = (n: number) => {
    u16(Math.floor(n / 0x10000));
    u16(n & 0xffff);
  };
  u16(id);
  u16(
    0x8180 |
      (body.TC === true ? 0x0200 : 0) |
      (body.AD === true ? 0x0020 : 0) |
      (body.Status & 0xf),
  );
  const answers = body.Answer ?? [];
  const authority = body.Authority ?? [];
  u16(1);
  u16(answers.length);
  u16(authority.length);
  u16(0);
  out.push(...encodeName(name));
  u16(qtype);
  u16(1);
  for (const [section, records] of [
    ['an', answers],
    ['ns', authority],
  ] as const) {
    for (const r of records) {
      if (section === 'an') out.push(0xc0, 12);
      else out.push(0);
      u16(r.type);
      u16(1);
      u32(r.TTL);
      const rdata = encodeRdata(r.type, r.data);
      u16(rdata.length);
      out.push(...rdata);
    }
  }
  return Uint8Array.from(out);
}

function encodeName(name: string): number[] {
  const out: number[] = [];
  for (const label of name.replace(/\.$/, '').split('.')) {
    if (label === '') continue;
    const bytes = new TextEncoder().encode(label);
    out.push(bytes.length, ...bytes);
  }
  out.push(0);
  return out;
}

function encodeRdata(type: number, data: string): number[] {
  switch (type) {
    case TYPES['A']:
      return data.split('.').map(Number);
    case TYPES['AAAA']:
      return expandIpv6(data);
    case TYPES['MX']: {
      const [pref, host] = data.trim().split(/\s+/);
      const p = Number(pref);
      return [(p >> 8) & 0xff, p & 0xff, ...encodeName(host ?? '')];
    }
    case TYPES['PTR']:
    case TYPES['CNAME']:
      return encodeName(data);
    case TYPES['TXT']:
      // A test zone may hold a string longer than a <character-string> can be: split it as a
      // zone file's publisher would.
      return txtStrings(data)
        .flatMap((s) => (s.length <= 255 ? [s] : chunks(s)))
        .flatMap((s) => [s.length, ...s]);
    case TYPES['SOA']: {
      const [mname, rname, ...nums] = data.trim().split(/\s+/);
      const out = [...encodeName(mname ?? ''), ...encodeName(rname ?? '')];
      for (const n of nums) {
        const v = Number(n);
        out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
      }
      return out;
    }
    default:
      return [];
  }
}

/** Presentation-form TXT data (`"a" "b"`, `\"`, `\\`, `\DDD`) or unquoted text, as strings of octets. */
function txtStrings(data: string): number[][] {
  const s = data.trim();
  if (!s.startsWith('"')) return [[...new TextEncoder().encode(s)]];
  const strings: number[][] = [];
  let current: number[] | null = null;
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] ?? '';
    if (current === null) {
      if (c === '"') current = [];
      continue;
    }
    if (c === '"') {
      strings.push(current);
      current = null;
    } else if (c === '\\') {
      const d = s.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        current.push(Number(d) & 0xff);
        i += 3;
      } else {
        current.push(...new TextEncoder().encode(s[i + 1] ?? ''));
        i += 1;
      }
    } else current.push(...new TextEncoder().encode(c));
  }
  return strings;
}

function chunks(bytes: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.slice(i, i + 255));
  return out;
}

function expandIpv6(ip: string): number[] {
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [(n >> 8) & 0xff, n & 0xff];
  });
}

/** RFC 4648 §5 base64url (padding optional) to bytes. */
export function fromBase64Url(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}
