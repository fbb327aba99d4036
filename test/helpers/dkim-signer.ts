/**
 * Signs test messages with node:crypto, the way a DKIM signer (RFC 6376 §5) and an ARC sealer
 * (RFC 8617 §5.1) do. Its canonicalization is written independently of src/core/dkim (whole
 * strings and regular expressions instead of one pass over bytes), so a test compares two
 * implementations of the RFC, not the verifier with itself; RFC 8463's published signatures
 * check both against a third.
 *
 * Messages are binary strings: one character per byte (latin1), CRLF line ends, so 8-bit bytes
 * and bare LFs can be put where a test wants them. `bytes()` turns one into a Uint8Array.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The TXT record to publish at `<s>._domainkey.<d>`. */
  record: string;
}

/** An RSA key pair and its key record (`format: 'pkcs1'` publishes a bare RSAPublicKey). */
export function rsaKey(bits = 2048, format: 'spki' | 'pkcs1' = 'spki'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const der = publicKey.export({ type: format, format: 'der' });
  return { privateKey, publicKey, record: `v=DKIM1; k=rsa; p=${der.toString('base64')}` };
}

/** An Ed25519 key pair and its key record (RFC 8463 §4.2: the raw 32-byte key). */
export function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(12);
  return { privateKey, publicKey, record: `v=DKIM1; k=ed25519; p=${raw.toString('base64')}` };
}

export type Canon = 'simple' | 'relaxed';

export interface SignOptions {
  domain?: string;
  selector?: string;
  key: TestKey;
  algorithm?: 'rsa-sha256' | 'ed25519-sha256' | 'rsa-sha1';
  /** `header/body`. */
  c?: `${Canon}/${Canon}`;
  /** h=, as written (repeat a name to over-sign it). */
  headers?: string[];
  /** l=: a number, or 'all' for the whole canonical body. */
  bodyLength?: number | 'all';
  t?: number;
  x?: number;
  i?: string;
  /** Tags added before h= (`q=dns/txt`). */
  extra?: string[];
  /** Fold the field over several lines, b= in 60-character pieces (default true). */
  fold?: boolean;
  /** Write bh= without its base64 `=` padding, as some signers do (default false). */
  unpaddedBh?: boolean;
}

const DEFAULT_HEADERS = ['from', 'to', 'subject', 'date', 'message-id'];

/** The message with a DKIM-Signature field prepended. */
export function signDkim(message: string, options: SignOptions): string {
  const c = options.c ?? 'relaxed/relaxed';
  const [hc, bc] = c.split('/') as [Canon, Canon];
  const algorithm = options.algorithm ?? 'rsa-sha256';
  const { body } = split(message);
  const canonical = bc === 'simple' ? simpleBody(body) : relaxedBody(body);
  const length = options.bodyLength === 'all' ? canonical.length : options.bodyLength;
  const hash = algorithm === 'rsa-sha1' ? 'sha1' : 'sha256';
  const bh = digest(hash, length === undefined ? canonical : canonical.slice(0, length));
  const headers = options.headers ?? DEFAULT_HEADERS;
  const tags = [
    'v=1',
    `a=${algorithm}`,
    `c=${c}`,
    `d=${options.domain ?? 'example.com'}`,
    `s=${options.selector ?? 's1'}`,
    ...(options.i === undefined ? [] : [`i=${options.i}`]),
    ...(options.t === undefined ? [] : [`t=${options.t}`]),
    ...(options.x === undefined ? [] : [`x=${options.x}`]),
    ...(length === undefined ? [] : [`l=${length}`]),
    ...(options.extra ?? []),
    `h=${headers.join(':')}`,
    `bh=${options.unpaddedBh === true ? bh.replace(/=+$/, '') : bh}`,
  ];
  return prependSigned(
    message,
    'DKIM-Signature',
    tags,
    headers,
    hc,
    options.key,
    algorithm,
    options.fold ?? true,
  );
}

export interface SealOptions {
  instance: number;
  domain?: string;
  selector?: string;
  key: TestKey;
  cv: 'none' | 'pass' | 'fail';
  authservId?: string;
  results?: string;
  /** h= of the ARC-Message-Signature. */
  headers?: string[];
  c?: `${Canon}/${Canon}`;
  t?: number;
}

/**
 * The message with an ARC set prepended (RFC 8617 §5.1): ARC-Authentication-Results, then an
 * ARC-Message-Signature over the message (DKIM rules, i= the instance), then an ARC-Seal over
 * every ARC set from 1 to this one. Top to bottom: ARC-Seal, ARC-Message-Signature,
 * ARC-Authentication-Results, as Gmail writes them.
 */
export function arcSeal(message: string, options: SealOptions): string {
  const d = options.domain ?? 'relay.example';
  const s = options.selector ?? 'arc';
  const aar = `ARC-Authentication-Results: i=${options.instance}; ${options.authservId ?? d};\r\n\t${options.results ?? 'dkim=pass header.d=example.com'}`;
  const withAar = `${aar}\r\n${message}`;
  const c = options.c ?? 'relaxed/relaxed';
  const [hc, bc] = c.split('/') as [Canon, Canon];
  const { body } = split(withAar);
  const bh = digest('sha256', bc === 'simple' ? simpleBody(body) : relaxedBody(body));
  const headers = options.headers ?? DEFAULT_HEADERS;
  const amsTags = [
    `i=${options.instance}`,
    'a=rsa-sha256',
    `c=${c}`,
    `d=${d}`,
    `s=${s}`,
    `t=${options.t ?? 1700000000}`,
    `h=${headers.join(':')}`,
    `bh=${bh}`,
  ];
  const withAms = prependSigned(
    withAar,
    'ARC-Message-Signature',
    amsTags,
    headers,
    hc,
    options.key,
    'rsa-sha256',
    true,
  );
  const asTags = [
    `i=${options.instance}`,
    'a=rsa-sha256',
    `t=${options.t ?? 1700000000}`,
    `cv=${options.cv}`,
    `d=${d}`,
    `s=${s}`,
  ];
  const sealField = `ARC-Seal: ${asTags.join('; ')}; b=`;
  const fields = split(withAms).fields;
  const setFields: string[] = [];
  for (let i = 1; i <= options.instance; i += 1) {
    for (const name of ['arc-authentication-results', 'arc-message-signature', 'arc-seal']) {
      if (i === options.instance && name === 'arc-seal') continue;
      const f = fields.find((x) => nameOf(x) === name && instanceOf(x) === i);
      if (f !== undefined) setFields.push(relaxedHeader(f));
    }
  }
  const data = setFields.join('') + relaxedHeader(sealField).slice(0, -2);
  const b = sign('sha256', Buffer.from(data, 'latin1'), options.key.privateKey).toString('base64');
  return `${sealField}${b}\r\n${withAms}`;
}

function prependSigned(
  message: string,
  name: string,
  tags: string[],
  headers: string[],
  hc: Canon,
  key: TestKey,
  algorithm: string,
  fold: boolean,
): string {
  const { fields } = split(message);
  const taken = new Map<string, number>();
  let data = '';
  for (const h of headers) {
    const lower = h.toLowerCase();
    const all = fields.filter((f) => nameOf(f) === lower);
    const used = taken.get(lower) ?? 0;
    taken.set(lower, used + 1);
    const f = all[all.length - 1 - used];
    if (f !== undefined) data += hc === 'simple' ? `${f}\r\n` : relaxedHeader(f);
  }
  const head = fold
    ? `${name}: ${tags.join(';\r\n\t')};\r\n\tb=`
    : `${name}: ${tags.join('; ')}; b=`;
  data += (hc === 'simple' ? `${head}\r\n` : relaxedHeader(head)).slice(0, -2);
  const input = Buffer.from(data, 'latin1');
  const signature =
    algorithm === 'ed25519-sha256'
      ? sign(null, createHash('sha256').update(input).digest(), key.privateKey)
      : sign(algorithm === 'rsa-sha1' ? 'sha1' : 'sha256', input, key.privateKey);
  const b64 = signature.toString('base64');
  const b = fold ? (b64.match(/.{1,60}/g) ?? []).join('\r\n\t') : b64;
  return `${head}${b}\r\n${message}`;
}

/** Header fields (unfolded lines kept as written) and the body of a CRLF message. */
export function split(message: string): { fields: string[]; body: string } {
  const end = message.indexOf('\r\n\r\n');
  const header = end === -1 ? message : message.slice(0, end);
  const body = end === -1 ? '' : message.slice(end + 4);
  return { fields: header.split(/\r\n(?![ \t])/).filter((f) => f.length > 0), body };
}

function nameOf(field: string): string {
  return field
    .slice(0, field.indexOf(':'))
    .replace(/[ \t]+$/, '')
    .toLowerCase();
}

function instanceOf(field: string): number | null {
  const m = /^[^:]*:\s*i\s*=\s*(\d+)/.exec(field);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** RFC 6376 §3.4.2. */
export function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
  return `${nameOf(field)}:${value}\r\n`;
}

/** RFC 6376 §3.4.4. */
export function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  let text = lines.join('\r\n');
  while (text.endsWith('\r\n')) text = text.slice(0, -2);
  return text.length === 0 ? '' : `${text}\r\n`;
}

/** RFC 6376 §3.4.3. */
export function simpleBody(body: string): string {
  let text = body;
  while (text.endsWith('\r\n')) text = text.slice(0, -2);
  return `${text}\r\n`;
}

function digest(hash: 'sha1' | 'sha256', text: string): string {
  return createHash(hash).update(Buffer.from(text, 'latin1')).digest('base64');
}

/** A binary string as bytes. */
export function bytes(message: string): Uint8Array {
  return new Uint8Array(Buffer.from(message, 'latin1'));
}

/** A plain test message in CRLF form (binary string). */
export function testMessage(body = 'Hello.\r\n\r\nSee you.\r\n', extra: string[] = []): string {
  return [
    'From: Example Shop <shop@example.com>',
    'To: alice@example.net',
    'Subject: Your order',
    'Date: Mon, 04 Mar 2024 11:11:05 +0000',
    'Message-ID: <20240304111105.abc@example.com>',
    ...extra,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    body,
  ].join('\r\n');
}
