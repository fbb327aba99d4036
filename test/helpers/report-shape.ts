// Over 300 lines: it mirrors the Report contract (src/core/report.ts) field by field, one checker
// per part, kept together as the contract is.
import { isIP } from 'node:net';
import { LIMITS } from '../../src/core/limits.ts';
import type { Report } from '../../src/core/index.ts';

/**
 * A strict validator for the Report contract (src/core/report.ts): every field present with its
 * type, no extra fields (an internal field such as a DKIM signature's `b=` or a parser's Map
 * must not leak into the JSON contract), result tokens lowercase RFC tokens or null, and the
 * invariants that tie fields together (hops oldest first, clientIp with its source, keyName from
 * selector and domain). Returns one message per violation, each with its path; [] when valid.
 *
 * When a field is added to the contract, add it here too: the point is that nothing drifts
 * unnoticed.
 */
export function reportShapeErrors(value: unknown): string[] {
  const v = new Validator();
  v.report(value);
  return v.errors;
}

/** Throws with every violation listed; for `expect(() => assertReportShape(r)).not.toThrow()`. */
export function assertReportShape(value: unknown): asserts value is Report {
  const errors = reportShapeErrors(value);
  if (errors.length > 0) {
    throw new Error(`Report shape violations:\n  ${errors.slice(0, 20).join('\n  ')}`);
  }
}

export { SPF_RESULTS } from '../../src/core/parse/auth-result-tokens.ts';
import { SPF_RESULTS } from '../../src/core/parse/auth-result-tokens.ts';
/** RFC 8601 §2.7.1 dkim results. */
export const DKIM_RESULTS = [
  'none',
  'pass',
  'fail',
  'policy',
  'neutral',
  'temperror',
  'permerror',
] as const;
/** RFC 7489 §11.2 dmarc results plus Microsoft's `bestguesspass` (as in test/fixtures/). */
export const DMARC_RESULTS = [
  'none',
  'pass',
  'fail',
  'temperror',
  'permerror',
  'bestguesspass',
] as const;
/** RFC 8601 §2.7.1 words for local verification (src/core/dkim/verify-types.ts). */
export const VERIFY_RESULTS = [
  'pass',
  'fail',
  'neutral',
  'policy',
  'temperror',
  'permerror',
] as const;
/** RFC 8617 §4.4 cv / arc results. */
export const ARC_RESULTS = ['none', 'pass', 'fail'] as const;
export const COMPAUTH_RESULTS = ['pass', 'fail', 'softpass', 'none'] as const;
const CLIENT_IP_SOURCES = [
  'received-spf',
  'received-spf-comment',
  'authentication-results',
  'inbound-hop',
  'bounce',
];
const SEVERITIES = ['error', 'warning', 'info'];
const INPUTS = ['message', 'bounce', 'empty'];
const VERDICT_STATUSES = ['authenticated', 'forwarded', 'unauthenticated', 'suspicious', 'unknown'];

/** `2024-03-04T11:11:08Z` (toIso drops `.000`; dates are read to the second). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
/** Codes are stable identifiers the popup translates: kebab-case ASCII. */
const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** RFC 3463 enhanced status code. */
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3}$/;

type Obj = Record<string, unknown>;

class Validator {
  readonly errors: string[] = [];

  private fail(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  /** A plain JSON object (no Map, no class instance) with exactly `keys` (+ `optional`). */
  private object(
    value: unknown,
    path: string,
    keys: readonly string[],
    optional: readonly string[] = [],
  ): value is Obj {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected an object, got ${describe(value)}`);
      return false;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) this.fail(path, 'not a plain object');
    const own = Object.keys(value);
    for (const k of keys) if (!Object.hasOwn(value, k)) this.fail(path, `missing field "${k}"`);
    for (const k of own)
      if (!keys.includes(k) && !optional.includes(k)) this.fail(path, `unexpected field "${k}"`);
    for (const k of own) {
      if ((value as Obj)[k] === undefined) this.fail(`${path}.${k}`, 'undefined (not JSON)');
    }
    return true;
  }

  private array(value: unknown, path: string): value is unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, `expected an array, got ${describe(value)}`);
      return false;
    }
    return true;
  }

  private string(value: unknown, path: string): value is string {
    if (typeof value !== 'string') {
      this.fail(path, `expected a string, got ${describe(value)}`);
      return false;
    }
    return true;
  }

  private stringOrNull(value: unknown, path: string): value is string | null {
    return value === null || this.string(value, path);
  }

  private booleanOrNull(value: unknown, path: string): void {
    if (value !== null && typeof value !== 'boolean')
      this.fail(path, `expected boolean or null, got ${describe(value)}`);
  }

  private boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, `expected boolean, got ${describe(value)}`);
  }

  private integerOrNull(value: unknown, path: string): void {
    if (value !== null && !Number.isSafeInteger(value))
      this.fail(path, `expected an integer or null, got ${describe(value)}`);
  }

  private oneOf(
    value: unknown,
    path: string,
    allowed: readonly unknown[],
    nullable: boolean,
  ): void {
    if (value === null && nullable) return;
    if (!allowed.includes(value))
      this.fail(path, `${describe(value)} is not one of ${allowed.join(', ')}`);
  }

  private ipOrNull(value: unknown, path: string): void {
    if (!this.stringOrNull(value, path) || value === null) return;
    if (isIP(value) === 0) this.fail(path, `${JSON.stringify(value)} is not an IP address`);
    // Normalized: IPv4-mapped IPv6 becomes IPv4; IPv6 in RFC 5952 short form (lowercase).
    if (value.toLowerCase().startsWith('::ffff:') && value.includes('.'))
      this.fail(path, 'IPv4-mapped IPv6 not normalized');
    if (value !== value.toLowerCase()) this.fail(path, 'IPv6 not lowercase');
  }

  private isoOrNull(value: unknown, path: string): void {
    if (!this.stringOrNull(value, path) || value === null) return;
    if (!ISO_UTC.test(value) || Number.isNaN(Date.parse(value)))
      this.fail(path, `${JSON.stringify(value)} is not ISO 8601 UTC`);
  }

  /** A DNS name as the core normalizes it: lowercase ASCII, no trailing dot. */
  private domainOrNull(value: unknown, path: string): void {
    if (!this.stringOrNull(value, path) || value === null) return;
    if (
      value !== value.toLowerCase() ||
      value.endsWith('.') ||
      value.length === 0 ||
      value.length > 253
    ) {
      this.fail(path, `${JSON.stringify(value)} is not a normalized domain`);
    }
    for (let i = 0; i < value.length; i += 1) {
      if (value.charCodeAt(i) > 0x7e) {
        this.fail(path, `${JSON.stringify(value)} is not ASCII (punycode expected)`);
        break;
      }
    }
  }

  private lowercaseOrNull(value: unknown, path: string): void {
    if (!this.stringOrNull(value, path) || value === null) return;
    if (value !== value.toLowerCase()) this.fail(path, `${JSON.stringify(value)} is not lowercase`);
  }

  private stringRecord(value: unknown, path: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected a record of strings, got ${describe(value)}`);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) this.fail(path, 'not a plain object');
    for (const [k, x] of Object.entries(value)) this.string(x, `${path}.${k}`);
  }

  report(value: unknown): void {
    const keys = [
      'verdict',
      'spf',
      'dkim',
      'dmarc',
      'arc',
      'authservId',
      'compauth',
      'hops',
      'totalSeconds',
      'hints',
      'warnings',
      'bounce',
      'message',
      'dkimSignatures',
      'untrustedResults',
      'input',
    ];
    if (!this.object(value, 'report', keys, ['verifyInput'])) return;
    const r = value;
    this.verdict(r['verdict'], 'verdict');
    this.spf(r['spf'], 'spf');
    if (this.array(r['dkim'], 'dkim')) r['dkim'].forEach((d, i) => this.dkim(d, `dkim[${i}]`));
    this.dmarc(r['dmarc'], 'dmarc');
    this.arc(r['arc'], 'arc');
    this.lowercaseOrNull(r['authservId'], 'authservId');
    if (r['compauth'] !== null && this.object(r['compauth'], 'compauth', ['result', 'reason'])) {
      this.oneOf(r['compauth']['result'], 'compauth.result', COMPAUTH_RESULTS, false);
      this.stringOrNull(r['compauth']['reason'], 'compauth.reason');
    }
    if (this.array(r['hops'], 'hops')) this.hops(r['hops']);
    this.integerOrNull(r['totalSeconds'], 'totalSeconds');
    if (this.array(r['hints'], 'hints')) r['hints'].forEach((h, i) => this.hint(h, `hints[${i}]`));
    if (this.array(r['warnings'], 'warnings'))
      r['warnings'].forEach((w, i) => this.warning(w, `warnings[${i}]`));
    if (r['bounce'] !== null) this.bounce(r['bounce'], 'bounce');
    this.message(r['message'], 'message');
    if (this.array(r['dkimSignatures'], 'dkimSignatures')) {
      r['dkimSignatures'].forEach((s, i) => this.signature(s, `dkimSignatures[${i}]`));
      if (r['dkimSignatures'].length > LIMITS.authResultsFields)
        this.fail('dkimSignatures', 'over the limit');
    }
    if (this.array(r['untrustedResults'], 'untrustedResults')) {
      r['untrustedResults'].forEach((u, i) => this.untrusted(u, `untrustedResults[${i}]`));
    }
    this.oneOf(r['input'], 'input', INPUTS, false);
    if (Object.hasOwn(r, 'verifyInput')) this.verifyInput(r['verifyInput'], 'verifyInput');
    this.crossChecks(r);
    this.jsonRoundTrip(r);
  }

  private spf(value: unknown, path: string): void {
    const keys = [
      'result',
      'clientIp',
      'domain',
      'identity',
      'fix',
      'mailFrom',
      'clientIpSource',
      'comment',
      'helo',
      'gateway',
    ];
    if (!this.object(value, path, keys)) return;
    this.oneOf(value['result'], `${path}.result`, SPF_RESULTS, true);
    this.ipOrNull(value['clientIp'], `${path}.clientIp`);
    this.domainOrNull(value['domain'], `${path}.domain`);
    this.oneOf(value['identity'], `${path}.identity`, ['mailfrom', 'helo'], true);
    if (
      value['fix'] !== null &&
      this.object(value['fix'], `${path}.fix`, ['record', 'add', 'text'])
    ) {
      const fix = value['fix'];
      this.stringOrNull(fix['record'], `${path}.fix.record`);
      this.stringOrNull(fix['add'], `${path}.fix.add`);
      this.string(fix['text'], `${path}.fix.text`);
      // A whole record only where none is published; otherwise the one mechanism to add.
      if ((fix['record'] === null) === (fix['add'] === null)) {
        this.fail(`${path}.fix`, 'exactly one of record and add is set');
      }
      if (typeof fix['record'] === 'string' && !fix['record'].startsWith('v=spf1 ')) {
        this.fail(`${path}.fix.record`, 'not an SPF record');
      }
      if (typeof fix['add'] === 'string' && !/^ip[46]:\S+$/.test(fix['add'])) {
        this.fail(`${path}.fix.add`, 'not an ip4:/ip6: mechanism');
      }
    }
    this.stringOrNull(value['mailFrom'], `${path}.mailFrom`);
    this.oneOf(value['clientIpSource'], `${path}.clientIpSource`, CLIENT_IP_SOURCES, true);
    this.stringOrNull(value['comment'], `${path}.comment`);
    if (
      value['helo'] !== null &&
      this.object(value['helo'], `${path}.helo`, ['result', 'domain'])
    ) {
      this.oneOf(value['helo']['result'], `${path}.helo.result`, SPF_RESULTS, false);
      this.domainOrNull(value['helo']['domain'], `${path}.helo.domain`);
    }
    this.oneOf(value['gateway'], `${path}.gateway`, SPF_RESULTS, true);
    if ((value['clientIp'] === null) !== (value['clientIpSource'] === null)) {
      this.fail(path, 'clientIp and clientIpSource must be both null or both set');
    }
    if (value['fix'] !== null && (value['result'] === 'pass' || value['clientIp'] === null)) {
      this.fail(
        `${path}.fix`,
        'a fix is only offered when SPF did not pass and the client IP is known',
      );
    }
    if (
      typeof value['fix'] === 'object' &&
      value['fix'] !== null &&
      typeof value['clientIp'] === 'string'
    ) {
      const fix = value['fix'] as Obj;
      for (const key of ['record', 'add']) {
        const text = fix[key];
        if (typeof text === 'string' && !text.includes(value['clientIp'])) {
          this.fail(`${path}.fix.${key}`, 'does not name the client IP');
        }
      }
    }
  }

  private dkim(value: unknown, path: string): void {
    if (
      !this.object(
        value,
        path,
        ['result', 'domain', 'selector', 'reason', 'aligned', 'keyName'],
        ['verify'],
      )
    )
      return;
    if (Object.hasOwn(value, 'verify')) {
      const v = value['verify'];
      if (this.check(v, `${path}.verify`, ['checkedAt', 'resolver']) && v !== null) {
        this.isoOrNull((v as Obj)['checkedAt'], `${path}.verify.checkedAt`);
        this.string((v as Obj)['resolver'], `${path}.verify.resolver`);
      }
    }
    this.oneOf(value['result'], `${path}.result`, DKIM_RESULTS, false);
    this.domainOrNull(value['domain'], `${path}.domain`);
    this.stringOrNull(value['selector'], `${path}.selector`);
    this.stringOrNull(value['reason'], `${path}.reason`);
    this.booleanOrNull(value['aligned'], `${path}.aligned`);
    this.stringOrNull(value['keyName'], `${path}.keyName`);
    const { domain, selector, keyName } = value;
    const expected =
      typeof domain === 'string' && typeof selector === 'string'
        ? `${selector}._domainkey.${domain}`
        : null;
    if (keyName !== expected)
      this.fail(
        `${path}.keyName`,
        `expected ${JSON.stringify(expected)}, got ${JSON.stringify(keyName)}`,
      );
    if (domain === null && value['aligned'] !== null)
      this.fail(`${path}.aligned`, 'alignment without a domain');
  }

  private dmarc(value: unknown, path: string): void {
    const keys = [
      'result',
      'policy',
      'subdomainPolicy',
      'disposition',
      'headerFrom',
      'spfAligned',
      'dkimAligned',
    ];
    if (!this.object(value, path, keys)) return;
    this.oneOf(value['result'], `${path}.result`, DMARC_RESULTS, true);
    this.lowercaseOrNull(value['policy'], `${path}.policy`);
    this.lowercaseOrNull(value['subdomainPolicy'], `${path}.subdomainPolicy`);
    this.lowercaseOrNull(value['disposition'], `${path}.disposition`);
    this.domainOrNull(value['headerFrom'], `${path}.headerFrom`);
    this.booleanOrNull(value['spfAligned'], `${path}.spfAligned`);
    this.booleanOrNull(value['dkimAligned'], `${path}.dkimAligned`);
  }

  private arc(value: unknown, path: string): void {
    if (!this.object(value, path, ['result', 'instance', 'structureValid'], ['verify'])) return;
    if (Object.hasOwn(value, 'verify')) this.arcVerify(value['verify'], `${path}.verify`);
    this.oneOf(value['result'], `${path}.result`, ARC_RESULTS, true);
    this.integerOrNull(value['instance'], `${path}.instance`);
    const i = value['instance'];
    if (typeof i === 'number' && (i < 1 || i > LIMITS.arcSets))
      this.fail(`${path}.instance`, `out of range: ${i}`);
    this.booleanOrNull(value['structureValid'], `${path}.structureValid`);
  }

  /** A SignatureCheck (src/core/dkim/verify-types.ts), with `extra` keys (DkimVerification). */
  private check(value: unknown, path: string, extra: readonly string[] = []): boolean {
    const keys = [
      'result',
      'reason',
      'text',
      'params',
      'algorithm',
      'canonicalization',
      'bodyHash',
      'headerSignature',
      'key',
      'approximate',
      'notes',
      ...extra,
    ];
    if (!this.object(value, path, keys)) return false;
    this.oneOf(value['result'], `${path}.result`, VERIFY_RESULTS, false);
    if (
      value['result'] === 'pass'
        ? value['reason'] !== null
        : !this.string(value['reason'], `${path}.reason`)
    )
      this.fail(`${path}.reason`, 'a reason exactly when the result is not pass');
    if (this.string(value['text'], `${path}.text`) && /\{[a-zA-Z]+\}/.test(value['text']))
      this.fail(`${path}.text`, 'a template placeholder was left unfilled');
    this.stringRecord(value['params'], `${path}.params`);
    this.stringOrNull(value['algorithm'], `${path}.algorithm`);
    this.stringOrNull(value['canonicalization'], `${path}.canonicalization`);
    const b = value['bodyHash'];
    if (
      b !== null &&
      this.object(b, `${path}.bodyHash`, [
        'expected',
        'computed',
        'length',
        'bodyLength',
        'limit',
        'matches',
      ])
    ) {
      this.string(b['expected'], `${path}.bodyHash.expected`);
      this.string(b['computed'], `${path}.bodyHash.computed`);
      this.integerOrNull(b['length'], `${path}.bodyHash.length`);
      this.integerOrNull(b['bodyLength'], `${path}.bodyHash.bodyLength`);
      this.integerOrNull(b['limit'], `${path}.bodyHash.limit`);
      this.boolean(b['matches'], `${path}.bodyHash.matches`);
      const unpadded = (x: unknown): string => String(x).replace(/=+$/, '');
      if (b['matches'] !== (unpadded(b['expected']) === unpadded(b['computed'])))
        this.fail(`${path}.bodyHash.matches`, 'disagrees with the hashes');
    }
    this.oneOf(value['headerSignature'], `${path}.headerSignature`, ['valid', 'invalid'], true);
    if (value['result'] === 'pass' && value['headerSignature'] !== 'valid')
      this.fail(`${path}.result`, 'a pass without a valid header signature');
    const k = value['key'];
    const keyKeys = [
      'name',
      'algorithm',
      'bits',
      'revoked',
      'testing',
      'strict',
      'format',
      'record',
    ];
    if (k !== null && this.object(k, `${path}.key`, keyKeys)) {
      this.string(k['name'], `${path}.key.name`);
      this.string(k['algorithm'], `${path}.key.algorithm`);
      this.integerOrNull(k['bits'], `${path}.key.bits`);
      for (const f of ['revoked', 'testing', 'strict']) this.boolean(k[f], `${path}.key.${f}`);
      this.oneOf(k['format'], `${path}.key.format`, ['spki', 'pkcs1', 'raw'], true);
      this.string(k['record'], `${path}.key.record`);
    }
    this.boolean(value['approximate'], `${path}.approximate`);
    if (this.array(value['notes'], `${path}.notes`)) {
      value['notes'].forEach((n, i) => {
        if (!this.object(n, `${path}.notes[${i}]`, ['code', 'text', 'params'])) return;
        this.string(n['code'], `${path}.notes[${i}].code`);
        this.string(n['text'], `${path}.notes[${i}].text`);
        this.stringRecord(n['params'], `${path}.notes[${i}].params`);
      });
    }
    return true;
  }

  private arcVerify(value: unknown, path: string): void {
    const keys = [
      'result',
      'reason',
      'text',
      'params',
      'brokenInstance',
      'oldestPass',
      'instances',
      'approximate',
      'checkedAt',
      'resolver',
    ];
    if (!this.object(value, path, keys)) return;
    this.oneOf(
      value['result'],
      `${path}.result`,
      ['pass', 'fail', 'none', 'temperror', 'neutral'],
      false,
    );
    this.stringOrNull(value['reason'], `${path}.reason`);
    this.string(value['text'], `${path}.text`);
    this.stringRecord(value['params'], `${path}.params`);
    this.integerOrNull(value['brokenInstance'], `${path}.brokenInstance`);
    this.integerOrNull(value['oldestPass'], `${path}.oldestPass`);
    this.boolean(value['approximate'], `${path}.approximate`);
    this.isoOrNull(value['checkedAt'], `${path}.checkedAt`);
    this.string(value['resolver'], `${path}.resolver`);
    if (this.array(value['instances'], `${path}.instances`)) {
      value['instances'].forEach((x, i) => {
        const p = `${path}.instances[${i}]`;
        if (
          !this.object(x, p, [
            'instance',
            'sealedBy',
            'selector',
            'authservId',
            'cv',
            'seal',
            'messageSignature',
          ])
        )
          return;
        if (x['instance'] !== i + 1) this.fail(`${p}.instance`, `expected ${i + 1}`);
        for (const f of ['sealedBy', 'selector', 'authservId', 'cv'])
          this.stringOrNull(x[f], `${p}.${f}`);
        if (x['seal'] !== null) this.check(x['seal'], `${p}.seal`);
        if (x['messageSignature'] !== null)
          this.check(x['messageSignature'], `${p}.messageSignature`);
      });
    }
  }

  private verifyInput(value: unknown, path: string): void {
    const keys = [
      'source',
      'bytes',
      'totalBytes',
      'capBytes',
      'truncated',
      'approximate',
      'approximations',
    ];
    if (!this.object(value, path, keys)) return;
    this.oneOf(value['source'], `${path}.source`, ['eml', 'pre', 'download'], false);
    for (const f of ['bytes', 'totalBytes', 'capBytes'])
      this.integerOrNull(value[f], `${path}.${f}`);
    this.boolean(value['truncated'], `${path}.truncated`);
    this.boolean(value['approximate'], `${path}.approximate`);
    if (this.array(value['approximations'], `${path}.approximations`)) {
      value['approximations'].forEach((a, i) =>
        this.oneOf(
          a,
          `${path}.approximations[${i}]`,
          ['line-ends', 'non-ascii', 'replacement'],
          false,
        ),
      );
      if (value['approximate'] !== value['approximations'].length > 0)
        this.fail(`${path}.approximate`, 'disagrees with approximations');
    }
  }

  private hops(hops: unknown[]): void {
    if (hops.length > LIMITS.receivedFields)
      this.fail('hops', `${hops.length} hops, over the limit`);
    let inbound = 0;
    let previous: number | null = null;
    hops.forEach((h, i) => {
      const path = `hops[${i}]`;
      const keys = [
        'from',
        'ip',
        'by',
        'with',
        'date',
        'delaySeconds',
        'helo',
        'rdns',
        'tls',
        'id',
        'for',
        'clockSkew',
        'inbound',
      ];
      if (!this.object(h, path, keys)) return;
      for (const k of ['from', 'by', 'with', 'helo', 'rdns', 'tls', 'id', 'for'])
        this.stringOrNull(h[k], `${path}.${k}`);
      this.ipOrNull(h['ip'], `${path}.ip`);
      this.isoOrNull(h['date'], `${path}.date`);
      this.integerOrNull(h['delaySeconds'], `${path}.delaySeconds`);
      this.boolean(h['clockSkew'], `${path}.clockSkew`);
      this.boolean(h['inbound'], `${path}.inbound`);
      if (h['inbound'] === true) inbound += 1;
      if (h['from'] !== (h['helo'] ?? h['rdns']))
        this.fail(`${path}.from`, 'is neither the HELO nor, without one, the rDNS name');
      const delay = h['delaySeconds'];
      if (h['clockSkew'] !== (typeof delay === 'number' && delay < 0))
        this.fail(`${path}.clockSkew`, 'disagrees with delaySeconds');
      // Oldest first: each delay is measured from the nearest older (earlier in the list) dated hop.
      const date = typeof h['date'] === 'string' ? Date.parse(h['date']) : null;
      const expected =
        date !== null && previous !== null ? Math.round((date - previous) / 1000) : null;
      if (delay !== expected) {
        this.fail(
          `${path}.delaySeconds`,
          `expected ${String(expected)} from the previous (older) hop, got ${String(delay)}`,
        );
      }
      if (date !== null) previous = date;
    });
    if (inbound > 1) this.fail('hops', `${inbound} hops marked inbound`);
  }

  private hint(value: unknown, path: string): void {
    if (!this.object(value, path, ['code', 'severity', 'text', 'record', 'recordName', 'params']))
      return;
    if (this.string(value['code'], `${path}.code`) && !CODE.test(value['code']))
      this.fail(`${path}.code`, 'not kebab-case');
    this.oneOf(value['severity'], `${path}.severity`, SEVERITIES, false);
    this.string(value['text'], `${path}.text`);
    this.stringOrNull(value['record'], `${path}.record`);
    this.stringOrNull(value['recordName'], `${path}.recordName`);
    this.stringRecord(value['params'], `${path}.params`);
  }

  private warning(value: unknown, path: string): void {
    if (!this.object(value, path, ['code', 'severity', 'text'], ['params'])) return;
    if (this.string(value['code'], `${path}.code`) && !CODE.test(value['code']))
      this.fail(`${path}.code`, 'not kebab-case');
    if (!SEVERITIES.includes(value['severity'] as string))
      this.fail(`${path}.severity`, 'not error, warning or info');
    if (this.string(value['text'], `${path}.text`) && value['text'].length === 0)
      this.fail(`${path}.text`, 'empty');
    if (Object.hasOwn(value, 'params')) this.stringRecord(value['params'], `${path}.params`);
  }

  private bounce(value: unknown, path: string): void {
    const keys = [
      'replyCode',
      'enhancedCode',
      'host',
      'text',
      'meaning',
      'fix',
      'spfDomain',
      'clientIp',
    ];
    if (!this.object(value, path, keys)) return;
    this.integerOrNull(value['replyCode'], `${path}.replyCode`);
    const code = value['replyCode'];
    if (typeof code === 'number' && (code < 400 || code > 599))
      this.fail(`${path}.replyCode`, `not a 4xx/5xx reply: ${code}`);
    if (
      this.stringOrNull(value['enhancedCode'], `${path}.enhancedCode`) &&
      typeof value['enhancedCode'] === 'string'
    ) {
      if (!ENHANCED.test(value['enhancedCode']))
        this.fail(`${path}.enhancedCode`, `not an RFC 3463 code: ${value['enhancedCode']}`);
    }
    if (value['replyCode'] === null && value['enhancedCode'] === null)
      this.fail(path, 'a bounce without any code');
    this.stringOrNull(value['host'], `${path}.host`);
    if (
      this.string(value['text'], `${path}.text`) &&
      value['text'].length > LIMITS.bounceTextChars + 1
    ) {
      this.fail(`${path}.text`, 'longer than the limit');
    }
    this.stringOrNull(value['meaning'], `${path}.meaning`);
    this.stringOrNull(value['fix'], `${path}.fix`);
    this.domainOrNull(value['spfDomain'], `${path}.spfDomain`);
    this.ipOrNull(value['clientIp'], `${path}.clientIp`);
  }

  private verdict(value: unknown, path: string): void {
    if (!this.object(value, path, ['status', 'headline', 'code', 'params'])) return;
    this.oneOf(value['status'], `${path}.status`, VERDICT_STATUSES, false);
    this.string(value['headline'], `${path}.headline`);
    this.string(value['code'], `${path}.code`);
    this.stringRecord(value['params'], `${path}.params`);
  }

  private message(value: unknown, path: string): void {
    if (!this.object(value, path, ['from', 'to', 'subject', 'date', 'messageId', 'listId'])) {
      return;
    }
    this.stringOrNull(value['listId'], `${path}.listId`);
    this.stringOrNull(value['from'], `${path}.from`);
    this.stringOrNull(value['to'], `${path}.to`);
    this.stringOrNull(value['subject'], `${path}.subject`);
    this.isoOrNull(value['date'], `${path}.date`);
    this.stringOrNull(value['messageId'], `${path}.messageId`);
  }

  private signature(value: unknown, path: string): void {
    const keys = [
      'domain',
      'selector',
      'algorithm',
      'identity',
      'canonicalization',
      'signedHeaders',
      'timestamp',
      'expires',
    ];
    if (!this.object(value, path, keys)) return;
    this.domainOrNull(value['domain'], `${path}.domain`);
    this.lowercaseOrNull(value['selector'], `${path}.selector`);
    this.stringOrNull(value['algorithm'], `${path}.algorithm`);
    this.stringOrNull(value['identity'], `${path}.identity`);
    this.stringOrNull(value['canonicalization'], `${path}.canonicalization`);
    if (this.array(value['signedHeaders'], `${path}.signedHeaders`)) {
      value['signedHeaders'].forEach((h, i) => {
        const p = `${path}.signedHeaders[${i}]`;
        if (this.string(h, p) && (h.length === 0 || h !== h.toLowerCase()))
          this.fail(p, 'empty or not lowercase');
      });
    }
    this.isoOrNull(value['timestamp'], `${path}.timestamp`);
    this.isoOrNull(value['expires'], `${path}.expires`);
  }

  private untrusted(value: unknown, path: string): void {
    if (
      !this.object(value, path, [
        'authservId',
        'method',
        'result',
        'why',
        'reason',
        'forged',
        'header',
      ])
    )
      return;
    const reasons = [
      'before-any-server',
      'no-authserv-id',
      'outside-block',
      'look-alike',
      'earlier-server',
    ];
    if (!reasons.includes(value['reason'] as string))
      this.fail(`${path}.reason`, 'not a reason code');
    this.boolean(value['forged'], `${path}.forged`);
    if (!Number.isInteger(value['header']) || (value['header'] as number) < 0)
      this.fail(`${path}.header`, 'not a field index');
    this.stringOrNull(value['authservId'], `${path}.authservId`);
    for (const k of ['method', 'result']) {
      const x = value[k];
      if (this.string(x, `${path}.${k}`) && x !== x.toLowerCase())
        this.fail(`${path}.${k}`, 'not lowercase');
    }
    if (this.string(value['why'], `${path}.why`) && value['why'].length === 0)
      this.fail(`${path}.why`, 'empty');
  }

  private crossChecks(r: Obj): void {
    const spf = r['spf'] as Obj | null;
    const hops = Array.isArray(r['hops']) ? (r['hops'] as Obj[]) : [];
    const input = r['input'];
    if (input === 'empty') {
      if (hops.length > 0) this.fail('hops', 'an empty input has no hops');
      if (spf?.['result'] !== null) this.fail('spf.result', 'an empty input has no verdict');
    }
    const verdict = r['verdict'] as Obj | null;
    const status = verdict?.['status'];
    // The recipient of a forged message is never told to authorize anyone, and a message with
    // no trusted results gets no record either: it says nothing about the sender's DNS.
    if ((status === 'suspicious' || status === 'unknown') && spf?.['fix'] !== null) {
      this.fail('spf.fix', `a fix is offered on a ${String(status)} verdict`);
    }
    if (status === 'authenticated' && r['dmarc'] !== null) {
      const dmarc = r['dmarc'] as Obj;
      if (
        dmarc['result'] !== null &&
        !['pass', 'none', 'bestguesspass'].includes(String(dmarc['result']))
      )
        this.fail('verdict.status', `authenticated with DMARC ${String(dmarc['result'])}`);
    }
    if (input === 'bounce' && r['bounce'] === null)
      this.fail('bounce', 'input is "bounce" but there is no bounce');
    if (input !== 'bounce' && r['bounce'] !== null)
      this.fail('input', 'a bounce was read but input is not "bounce"');
    if (spf !== null && spf['clientIpSource'] === 'inbound-hop') {
      const inbound = hops.find((h) => h['inbound'] === true);
      if (inbound === undefined || inbound['ip'] !== spf['clientIp']) {
        this.fail(
          'spf.clientIp',
          "source is the inbound hop, but it is not the inbound hop's address",
        );
      }
    }
  }

  private jsonRoundTrip(r: Obj): void {
    let copy: unknown;
    try {
      copy = JSON.parse(JSON.stringify(r));
    } catch (error) {
      this.fail('report', `not serializable: ${String(error)}`);
      return;
    }
    if (!deepEqualJson(copy, r))
      this.fail('report', 'changes in a JSON round trip (NaN, Infinity, Map or class instance)');
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'a Map';
  return typeof value === 'string' ? `string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}

function deepEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqualJson((a as Obj)[k], (b as Obj)[k]));
}
