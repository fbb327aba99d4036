/**
 * Cryptography as the DKIM verifier sees it: an object passed in, as DNS is (mailauth passes its
 * resolver the same way). `createWebCryptoDkim` builds one over WebCrypto, which Node 20, service
 * workers and extension pages all have; tests may pass their own.
 */

/** The signature primitives DKIM needs (RFC 6376 §3.3, RFC 8463 §3). rsa-sha1 is refused before
 * any crypto (RFC 8301 §3.1), so it is not here. */
export type DkimVerifyAlgorithm =
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (RFC 8017 §8.2). */
  | 'rsa-pkcs1-sha256'
  /** PureEdDSA Ed25519 over `data` (RFC 8032 §5.1); DKIM passes the SHA-256 hash as `data`. */
  | 'ed25519';

export interface DkimCrypto {
  /** SHA-256 of `data` (32 bytes). */
  sha256(data: Uint8Array): Promise<Uint8Array>;
  /**
   * Whether `signature` is valid for `data` under the public key `spki` (a DER
   * SubjectPublicKeyInfo). Rejects when the key cannot be imported for that algorithm.
   */
  verify(
    algorithm: DkimVerifyAlgorithm,
    spki: Uint8Array,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
  /** Whether this runtime can verify `algorithm` at all (WebCrypto Ed25519: Chrome ≥ 137,
   * Firefox ≥ 129, Node 20). Never rejects. */
  supports(algorithm: DkimVerifyAlgorithm): Promise<boolean>;
}
