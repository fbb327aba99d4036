import type { DkimCrypto, DkimVerifyAlgorithm } from './dkim-crypto.ts';

/**
 * The part of WebCrypto's SubtleCrypto the verifier uses, typed here so the core needs no DOM or
 * Node types: pass `globalThis.crypto.subtle` (Node 20, service workers, extension pages).
 */
export interface SubtleLike {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  importKey(
    format: 'spki',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: string; hash?: string },
    extractable: false,
    keyUsages: ['verify'],
  ): Promise<unknown>;
  verify(
    algorithm: { name: string },
    key: never,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}

const IMPORT: Record<DkimVerifyAlgorithm, { name: string; hash?: string }> = {
  'rsa-pkcs1-sha256': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ed25519: { name: 'Ed25519' },
};

/** RFC 8032 §7.1 TEST 1's public key as a SubjectPublicKeyInfo: importing it tells whether the
 * runtime has Ed25519 (a runtime without it rejects with NotSupportedError). */
const ED25519_PROBE = new Uint8Array([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, 0xd7, 0x5a, 0x98, 0x01,
  0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3,
  0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
]);

/** Imported keys kept for reuse (an ARC chain's seals and message signatures often share one);
 * bounded, since every key a message names would otherwise stay in memory. */
const KEY_CACHE = 32;

/** A DkimCrypto over WebCrypto. */
export function createWebCryptoDkim(subtle: SubtleLike): DkimCrypto {
  const support = new Map<DkimVerifyAlgorithm, Promise<boolean>>();
  const keys = new Map<string, Promise<unknown>>();
  const importKey = (algorithm: DkimVerifyAlgorithm, spki: Uint8Array): Promise<unknown> => {
    const id = `${algorithm} ${spki.join(',')}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = subtle.importKey('spki', own(spki), IMPORT[algorithm], false, ['verify']);
      // A key that fails to import is not kept: the caller reports the rejection.
      key.catch(() => keys.delete(id));
      if (keys.size >= KEY_CACHE) keys.delete(keys.keys().next().value ?? '');
      keys.set(id, key);
    }
    return key;
  };
  return {
    async sha256(data) {
      return new Uint8Array(await subtle.digest('SHA-256', own(data)));
    },
    async verify(algorithm, spki, signature, data) {
      const key = await importKey(algorithm, spki);
      return subtle.verify(
        { name: IMPORT[algorithm].name },
        key as never,
        own(signature),
        own(data),
      );
    },
    supports(algorithm) {
      let known = support.get(algorithm);
      if (known === undefined) {
        known =
          algorithm === 'ed25519'
            ? subtle.importKey('spki', own(ED25519_PROBE), IMPORT.ed25519, false, ['verify']).then(
                () => true,
                () => false,
              )
            : Promise.resolve(true);
        support.set(algorithm, known);
      }
      return known;
    },
  };
}

/** WebCrypto takes views of ArrayBuffers only; a view of a SharedArrayBuffer is copied. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}
