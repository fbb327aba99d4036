import type { ArcVerifyReason, VerifyNoteCode, VerifyReason } from './verify-types.ts';

/**
 * The English of every verification answer, by code; `{name}` is replaced by the value in the
 * answer's `params` (the popup translates by code with the same params). Kept as data so the
 * wording can be reviewed and translated in one place.
 */
export const VERIFY_TEXTS: Readonly<Record<VerifyReason | 'pass', string>> = {
  pass: 'Verifies with the key published now at {keyName} ({keyDescription}).',
  'body-hash-mismatch':
    'Body hash mismatch: the body hashes to {computed}, the signature says bh={expected} ({length} bytes of canonical body). The body changed after signing — a mailing-list footer, a disclaimer added by a gateway, a re-encoding — or this copy of the body is not the one that was signed.',
  'signature-mismatch':
    'Signature mismatch: {body}, but b= does not verify over the signed header fields with the key at {keyName}. Either a signed header field changed after signing, or the key in DNS is not the one that signed.',
  expired:
    'The signature expired at {expires} (x=); a receiver checking it now treats it as failed.',
  'body-too-short':
    'The signature covers {limit} bytes of body (l=), but the canonical body has only {bodyLength}: the body was cut after signing.',
  'body-not-checked':
    'The body was not hashed ({why}); the signed header fields were checked with the key at {keyName}: {headers}.',
  'key-missing':
    'No key at {keyName}: {problem}. Publish the public key the signer uses there (or fix the selector).',
  'key-revoked': 'The key at {keyName} is revoked (empty p=): signatures made with it fail.',
  'key-too-weak':
    'The {bits}-bit RSA key at {keyName} is refused: verifiers must not accept keys under 1024 bits (RFC 8301 §3.2). Publish a 2048-bit key.',
  'key-malformed': 'The key at {keyName} can’t be used: {problem}.',
  'key-type-mismatch':
    'The key at {keyName} is k={keyType}, but the signature uses {algorithm}: the record does not hold the key that signed.',
  'key-hash-not-allowed':
    'The key at {keyName} allows only h={hashes}, but the signature uses sha256.',
  'key-not-for-email':
    'The key at {keyName} is limited to s={services}, which does not include email.',
  'key-strict-identity':
    'The key at {keyName} has t=s, which forbids a subdomain in the signature’s i={identity}.',
  'dns-error': 'The key at {keyName} could not be read from DNS now: {problem}. Try again.',
  'algorithm-refused':
    'rsa-sha1 signatures are no longer accepted (RFC 8301 §3.1): sign with rsa-sha256.',
  'unsupported-algorithm': 'Can’t be verified: {problem}.',
  'not-supported-here':
    'Ed25519 signatures (RFC 8463) can’t be checked here: this browser or runtime has no Ed25519 in WebCrypto (Chrome 137, Firefox 129 and Node 20 have it).',
  'malformed-signature': 'The signature field is malformed: {problem}.',
  'not-checked': 'Not checked: {why}.',
};

/** Fixed parts of an answer, put into `{body}` and `{headers}` (a view translates them as
 * `verifyPart_<code>`, found by value with `partCodeOf`). */
export const VERIFY_PARTS = {
  'no-body': 'an ARC-Seal signs no body',
  'body-matches': 'the body hash matches',
  'body-not-hashed': 'the body was not hashed',
  'headers-verify': 'they verify',
  'headers-fail': 'they do not verify',
} as const;

/** The code of a fixed part, or null for any other value (a key name, a figure). */
export function partCodeOf(value: string): string | null {
  for (const [code, text] of Object.entries(VERIFY_PARTS)) if (text === value) return code;
  return null;
}

/** Each reason in a few words, for a summary line (an ARC instance, a warning). */
export const REASON_WORDS: Readonly<Record<VerifyReason, string>> = {
  'body-hash-mismatch': 'body hash mismatch',
  'signature-mismatch': 'signature mismatch',
  expired: 'signature expired',
  'body-too-short': 'body shorter than l=',
  'body-not-checked': 'body not hashed',
  'key-missing': 'no key in DNS',
  'key-revoked': 'key revoked',
  'key-too-weak': 'key under 1024 bits',
  'key-malformed': 'key unusable',
  'key-type-mismatch': 'key of another type',
  'key-hash-not-allowed': 'key does not allow sha256',
  'key-not-for-email': 'key not for email',
  'key-strict-identity': 'key forbids a subdomain i=',
  'dns-error': 'DNS error',
  'algorithm-refused': 'rsa-sha1 refused',
  'unsupported-algorithm': 'unsupported algorithm',
  'not-supported-here': 'Ed25519 not supported here',
  'malformed-signature': 'malformed signature',
  'not-checked': 'not checked',
};

export const NOTE_TEXTS: Readonly<Record<VerifyNoteCode, string>> = {
  'key-under-2048':
    'The key is {bits} bits: accepted (RFC 8301 allows 1024), but 2048 is recommended and some receivers treat shorter keys as weak.',
  'body-length-limit':
    'l={limit} signs only the first {limit} bytes of the canonical body; {unsigned} more bytes follow, which anyone could have appended or changed without breaking the signature.',
  'testing-key':
    'The key is marked t=y (testing): receivers may treat this signature as if the message were unsigned.',
  'pkcs1-key':
    'The key is published as a bare RSAPublicKey (PKCS#1), not the SubjectPublicKeyInfo RFC 6376 signers use; Header Lens accepts it, some verifiers don’t. Publish the SubjectPublicKeyInfo form (it starts with MIIB or MIGf).',
  'multiple-keys':
    '{count} key records at {keyName}; the first was used. Keep one: receivers may pick any.',
  'future-timestamp': 'The signature’s time (t={timestamp}) is later than now.',
  'headers-intact':
    'The signed header fields verify with this key, so the key is right: only the body differs.',
  'headers-fail-too': 'The signed header fields don’t verify with this key either.',
  'approximate-copy':
    'This copy was rebuilt from {copy} ({approximations}), so it may differ from the message’s bytes; verify the downloaded original (⋮ → Download original, or an .eml) to be sure.',
  'key-changed-since-delivery':
    'The receiver verified this signature at delivery, so the key at {keyName} changed since delivery.',
  'receiver-disagrees':
    'The receiver reported dkim={receiver} at delivery; it verifies now, so the key or the receiver’s copy differed then.',
};

export const ARC_TEXTS: Readonly<Record<ArcVerifyReason | 'pass' | 'none', string>> = {
  pass: 'The ARC chain of {count} instance(s) verifies: every ARC-Seal, and the newest ARC-Message-Signature (i={count}, sealed by {sealedBy}).',
  none: 'The message has no ARC headers.',
  structure:
    'The ARC chain’s structure is broken — {problem} (RFC 8617 §5.1.1 asks for exactly one ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results per instance, numbered from 1 without gaps).',
  'too-many-instances':
    'The ARC chain has more than {limit} instances, which RFC 8617 §4.2.1 treats as failed.',
  'cv-fail':
    'Instance {instance} (sealed by {sealedBy}) says cv=fail: that hop found the chain already broken.',
  'cv-invalid':
    'Instance {instance} has cv={cv}, but RFC 8617 §5.1.1 asks for cv=none at i=1 and cv=pass after it.',
  'seal-failed':
    'The chain breaks at instance {instance}: its ARC-Seal (sealed by {sealedBy}) does not verify ({problem}).',
  'message-signature-failed':
    'The newest ARC-Message-Signature (i={instance}, by {sealedBy}) does not verify ({problem}): the message changed after the last hop sealed it.',
  'not-checked': 'The ARC chain could not be checked completely: {problem}.',
};
