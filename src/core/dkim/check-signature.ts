import { fill } from '../fill-template.ts';
import { decodeBase64 } from '../parse/decode-base64.ts';
import type { BodyHasher } from './create-body-hasher.ts';
import type { DkimCrypto, DkimVerifyAlgorithm } from './dkim-crypto.ts';
import { encodeBase64 } from './encode-base64.ts';
import type { KeyLookup } from './look-up-key.ts';
import type { SignatureProblem, SignatureTags } from './parse-signature-tags.ts';
import { readPublicKey } from './read-public-key.ts';
import { NOTE_TEXTS, VERIFY_PARTS, VERIFY_TEXTS } from './verify-texts.ts';
import type {
  BodyHashCheck,
  SignatureCheck,
  VerifyKey,
  VerifyNote,
  VerifyNoteCode,
  VerifyReason,
  VerifyResult,
} from './verify-types.ts';

/** What checking one signature needs: crypto, keys and body hashes shared by the message's
 * signatures, the clock, and whether the copy of the message is approximate. */
export interface CheckContext {
  crypto: DkimCrypto;
  key(domain: string, selector: string): Promise<KeyLookup | { status: 'limit'; problem: string }>;
  bodyHash: BodyHasher;
  /** Milliseconds since the epoch. */
  now: number;
  /** Why the copy may differ from the signed bytes (`line-ends, non-ascii`), '' when exact. */
  approximations: string;
  /** What the copy was rebuilt from, for the note (`the Show original text`). */
  copy: string;
}

/** RFC 8301 §3.2: verifiers must not accept RSA keys under 1024 bits; 2048 is recommended. */
const MIN_RSA_BITS = 1024;
const GOOD_RSA_BITS = 2048;

const RESULTS: Readonly<Record<VerifyReason, VerifyResult>> = {
  'body-hash-mismatch': 'fail',
  'signature-mismatch': 'fail',
  expired: 'fail',
  'body-too-short': 'fail',
  'body-not-checked': 'neutral',
  'key-missing': 'permerror',
  'key-revoked': 'permerror',
  'key-too-weak': 'policy',
  'key-malformed': 'permerror',
  'key-type-mismatch': 'permerror',
  'key-hash-not-allowed': 'permerror',
  'key-not-for-email': 'permerror',
  'key-strict-identity': 'permerror',
  'dns-error': 'temperror',
  'algorithm-refused': 'policy',
  'unsupported-algorithm': 'neutral',
  'not-supported-here': 'neutral',
  'malformed-signature': 'permerror',
  'not-checked': 'neutral',
};

/**
 * RFC 6376 §6.1 verification of one signature (a DKIM-Signature, or an ARC-Message-Signature or
 * ARC-Seal per RFC 8617 §5.2) against the key in current DNS: the algorithm (rsa-sha256,
 * ed25519-sha256 per RFC 8463; rsa-sha1 refused per RFC 8301), the body hash with l=, the key
 * record's k=/h=/s=/t= and p=, the key size, x=, and b= over `signedData()` (called only when a
 * key is there to check it). Every finding is kept: a body hash mismatch is reported with
 * whether the header fields verify, a key problem with the body hash. Never rejects.
 */
export async function checkSignature(
  ctx: CheckContext,
  tags: SignatureTags | SignatureProblem,
  signedData: () => Uint8Array,
): Promise<SignatureCheck> {
  if ('problem' in tags) {
    return answer(
      tags.reason,
      { problem: tags.problem },
      { algorithm: null, canonicalization: null },
    );
  }
  const base = {
    algorithm: tags.algorithm,
    canonicalization: tags.kind === 'as' ? 'relaxed' : `${tags.headerCanon}/${tags.bodyCanon}`,
  };
  if (tags.algorithm === 'rsa-sha1') return answer('algorithm-refused', {}, base);
  const primitive = PRIMITIVES[tags.algorithm];
  if (primitive === undefined) {
    return answer(
      'unsupported-algorithm',
      { problem: `a=${tags.algorithm} is not rsa-sha256 or ed25519-sha256` },
      base,
    );
  }
  const keyName = `${tags.selector}._domainkey.${tags.domain}`;
  const keyType = primitive === 'ed25519' ? 'ed25519' : 'rsa';
  const params: Record<string, string> = { keyName, keyType, algorithm: tags.algorithm };
  const notes: NoteSpec[] = [];
  const [supported, digest, lookup] = await Promise.all([
    ctx.crypto.supports(primitive),
    tags.kind === 'as' ? null : ctx.bodyHash(tags.bodyCanon, tags.bodyLength),
    ctx.key(tags.domain, tags.selector),
  ]);

  let bodyHash: BodyHashCheck | null = null;
  let body: 'ok' | 'mismatch' | 'too-short' | 'not-checked' | null = null;
  if (digest !== null) {
    if (digest.status === 'ok') {
      bodyHash = {
        expected: tags.bodyHash,
        computed: digest.digest,
        length: digest.length,
        bodyLength: digest.bodyLength,
        limit: tags.bodyLength,
        // Compared as bytes: a bh= written without its `=` padding is the same hash.
        matches: digest.digest === encodeBase64(decodeBase64(tags.bodyHash) ?? new Uint8Array(0)),
      };
      body = bodyHash.matches ? 'ok' : 'mismatch';
      Object.assign(params, {
        computed: digest.digest,
        expected: tags.bodyHash,
        length: String(digest.length),
        bodyLength: String(digest.bodyLength),
      });
      if (tags.bodyLength !== null && digest.bodyLength > tags.bodyLength) {
        notes.push([
          'body-length-limit',
          { limit: String(tags.bodyLength), unsigned: String(digest.bodyLength - tags.bodyLength) },
        ]);
      }
    } else if (digest.status === 'too-short') {
      body = 'too-short';
      Object.assign(params, {
        limit: String(tags.bodyLength),
        bodyLength: String(digest.bodyLength),
      });
    } else {
      body = 'not-checked';
      params['why'] = digest.why;
    }
  }

  let key: VerifyKey | null = null;
  let keyProblem: VerifyReason | null = null;
  let spki: Uint8Array | null = null;
  if (lookup.status === 'limit') {
    keyProblem = 'not-checked';
    params['why'] = lookup.problem;
  } else if (lookup.status === 'error') {
    keyProblem = 'dns-error';
    params['problem'] = lookup.problem;
  } else if (lookup.status === 'missing') {
    keyProblem = 'key-missing';
    params['problem'] = lookup.problem;
  } else if (lookup.status === 'invalid') {
    keyProblem = 'key-malformed';
    params['problem'] = lookup.problem;
  } else {
    const record = lookup.key;
    const revoked = record.publicKey.length === 0;
    const read = revoked ? null : readPublicKey(record.keyType, record.publicKey);
    key = {
      name: keyName,
      algorithm: record.keyType,
      bits: read !== null && 'bits' in read ? read.bits : null,
      revoked,
      testing: record.testing,
      strict: record.strict,
      format: read !== null && 'format' in read ? read.format : null,
      record: record.record,
    };
    if (lookup.records > 1)
      notes.push(['multiple-keys', { count: String(lookup.records), keyName }]);
    if (record.testing) notes.push(['testing-key', {}]);
    params['keyType'] = record.keyType;
    if (revoked) keyProblem = 'key-revoked';
    else if (record.keyType !== keyType) keyProblem = 'key-type-mismatch';
    else if (record.hashes !== null && !record.hashes.includes('sha256')) {
      keyProblem = 'key-hash-not-allowed';
      params['hashes'] = record.hashes.join(':');
    } else if (
      record.services !== null &&
      !record.services.some((s) => s === 'email' || s === '*')
    ) {
      keyProblem = 'key-not-for-email';
      params['services'] = record.services.join(':');
    } else if (record.strict && tags.identity !== null && !sameDomain(tags.identity, tags.domain)) {
      keyProblem = 'key-strict-identity';
      params['identity'] = tags.identity;
    } else if (read === null || 'problem' in read) {
      keyProblem = 'key-malformed';
      params['problem'] = read === null ? 'no key' : read.problem;
    } else {
      params['bits'] = String(read.bits);
      params['keyDescription'] = keyType === 'rsa' ? `${read.bits}-bit RSA` : 'Ed25519';
      if (keyType === 'rsa' && read.bits < MIN_RSA_BITS) keyProblem = 'key-too-weak';
      else spki = read.spki;
      if (keyType === 'rsa' && read.bits >= MIN_RSA_BITS && read.bits < GOOD_RSA_BITS)
        notes.push(['key-under-2048', { bits: String(read.bits) }]);
      if (read.format === 'pkcs1') notes.push(['pkcs1-key', {}]);
    }
  }

  let headerSignature: 'valid' | 'invalid' | null = null;
  if (spki !== null && supported) {
    try {
      const data = signedData();
      const input = primitive === 'ed25519' ? await ctx.crypto.sha256(data) : data;
      headerSignature = (await ctx.crypto.verify(primitive, spki, tags.signature, input))
        ? 'valid'
        : 'invalid';
    } catch (error) {
      keyProblem = 'key-malformed';
      params['problem'] =
        `WebCrypto could not import it (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  if (tags.timestamp !== null && tags.timestamp * 1000 > ctx.now) {
    notes.push(['future-timestamp', { timestamp: iso(tags.timestamp) }]);
  }
  const expired = tags.expires !== null && tags.expires * 1000 < ctx.now;
  if (expired && tags.expires !== null) params['expires'] = iso(tags.expires);

  let reason: VerifyReason | null;
  if (keyProblem !== null) reason = keyProblem;
  else if (!supported) reason = 'not-supported-here';
  else if (expired) reason = 'expired';
  else if (body === 'too-short') reason = 'body-too-short';
  else if (body === 'mismatch') reason = 'body-hash-mismatch';
  else if (headerSignature === 'invalid') reason = 'signature-mismatch';
  else if (body === 'not-checked') reason = 'body-not-checked';
  else reason = null;

  if (reason === 'body-hash-mismatch')
    notes.push([headerSignature === 'valid' ? 'headers-intact' : 'headers-fail-too', {}]);
  params['body'] =
    body === null
      ? VERIFY_PARTS['no-body']
      : body === 'ok'
        ? VERIFY_PARTS['body-matches']
        : VERIFY_PARTS['body-not-hashed'];
  if (reason === 'body-not-checked')
    params['headers'] =
      VERIFY_PARTS[headerSignature === 'valid' ? 'headers-verify' : 'headers-fail'];
  const approximate =
    ctx.approximations !== '' &&
    (reason === 'body-hash-mismatch' ||
      reason === 'signature-mismatch' ||
      reason === 'body-too-short');
  if (approximate)
    notes.push(['approximate-copy', { approximations: ctx.approximations, copy: ctx.copy }]);
  return answer(reason, params, base, { bodyHash, headerSignature, key, approximate, notes });
}

type NoteSpec = [VerifyNoteCode, Record<string, string>];

const PRIMITIVES: Readonly<Record<string, DkimVerifyAlgorithm>> = {
  'rsa-sha256': 'rsa-pkcs1-sha256',
  'ed25519-sha256': 'ed25519',
};

function answer(
  reason: VerifyReason | null,
  params: Record<string, string>,
  base: { algorithm: string | null; canonicalization: string | null },
  found: {
    bodyHash: BodyHashCheck | null;
    headerSignature: 'valid' | 'invalid' | null;
    key: VerifyKey | null;
    approximate: boolean;
    notes: NoteSpec[];
  } = { bodyHash: null, headerSignature: null, key: null, approximate: false, notes: [] },
): SignatureCheck {
  const notes: VerifyNote[] = found.notes.map(([code, p]) => ({
    code,
    text: fill(NOTE_TEXTS[code], p),
    params: p,
  }));
  return {
    result: reason === null ? 'pass' : RESULTS[reason],
    reason,
    text: fill(VERIFY_TEXTS[reason ?? 'pass'], params),
    params,
    algorithm: base.algorithm,
    canonicalization: base.canonicalization,
    bodyHash: found.bodyHash,
    headerSignature: found.headerSignature,
    key: found.key,
    approximate: found.approximate,
    notes,
  };
}

/** i= names exactly d= (t=s keys, RFC 6376 §3.6.1). */
function sameDomain(identity: string, domain: string): boolean {
  return identity.slice(identity.lastIndexOf('@') + 1).toLowerCase() === domain;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
