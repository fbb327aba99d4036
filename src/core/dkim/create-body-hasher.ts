import { canonicalizeBody, type Canonicalization } from './canonicalize-body.ts';
import type { DkimCrypto } from './dkim-crypto.ts';
import { DKIM_LIMITS } from './dkim-limits.ts';
import { encodeBase64 } from './encode-base64.ts';

export type BodyDigest =
  /** `length` bytes of a `bodyLength`-byte canonical body hashed to `digest` (base64). */
  | { status: 'ok'; digest: string; length: number; bodyLength: number }
  /** l= asks for more bytes than the canonical body has. */
  | { status: 'too-short'; bodyLength: number }
  | { status: 'not-checked'; why: string };

export type BodyHasher = (canon: Canonicalization, limit: number | null) => Promise<BodyDigest>;

/**
 * SHA-256 body hashes (RFC 6376 §3.7) shared by every signature of a message: each body
 * canonicalization is computed once, each (canonicalization, l=) hash once, at most
 * DKIM_LIMITS.bodyHashes of them. `body` is null when the copy was cut at the size cap (`why`
 * says so): no hash is then computed, since the body is incomplete. A message without an empty
 * line has an empty body.
 */
export function createBodyHasher(
  body: Uint8Array | null,
  why: string,
  crypto: DkimCrypto,
): BodyHasher {
  const canonical = new Map<Canonicalization, Uint8Array>();
  const digests = new Map<string, Promise<BodyDigest>>();
  return (canon, limit) => {
    if (body === null) return Promise.resolve({ status: 'not-checked', why });
    const key = `${canon} ${limit ?? ''}`;
    let digest = digests.get(key);
    if (digest === undefined) {
      if (digests.size >= DKIM_LIMITS.bodyHashes) {
        return Promise.resolve({
          status: 'not-checked',
          why: `the message's signatures ask for more than ${DKIM_LIMITS.bodyHashes} different body hashes`,
        });
      }
      let text = canonical.get(canon);
      if (text === undefined) {
        text = canonicalizeBody(body, canon);
        canonical.set(canon, text);
      }
      digest = hash(text, limit, crypto);
      digests.set(key, digest);
    }
    return digest;
  };
}

async function hash(
  text: Uint8Array,
  limit: number | null,
  crypto: DkimCrypto,
): Promise<BodyDigest> {
  if (limit !== null && limit > text.length)
    return { status: 'too-short', bodyLength: text.length };
  const part = limit === null ? text : text.subarray(0, limit);
  const digest = await crypto.sha256(part);
  return {
    status: 'ok',
    digest: encodeBase64(digest),
    length: part.length,
    bodyLength: text.length,
  };
}
