/**
 * What local DKIM and ARC verification found (`inspect --verify`, the popup's "Verify signatures
 * now"): `dkim[i].verify`, `arc.verify` and `verifyInput` in the report. Field names are part of
 * the JSON contract; fields are only added. Kept apart from the receiver's verdict at delivery,
 * which stays in `dkim[i].result` and `arc.result`.
 */

/** Where the verified bytes came from: an .eml file or the CLI (bytes as given), Gmail's
 * "Download original" (bytes as given), or the text of Show original's `<pre>` (rebuilt). */
export type VerifySource = 'eml' | 'pre' | 'download';

/**
 * Why the verified copy may differ from the bytes that were signed:
 * - `line-ends`: the text had no CR (HTML turns CRLF into LF; a file saved with Unix line ends)
 *   and every line end was rebuilt as CRLF — a bare LF or CR in the original can't be told apart;
 * - `non-ascii`: characters above U+007F were encoded as UTF-8; 8-bit bytes of another charset
 *   are not recoverable from text;
 * - `replacement`: the text holds U+FFFD or a lone surrogate: bytes were already lost.
 */
export type Approximation = 'line-ends' | 'non-ascii' | 'replacement';

export interface VerifyInput {
  source: VerifySource;
  /** Bytes verified (after rebuilding line ends), at most `capBytes`. */
  bytes: number;
  /** Bytes of the message as given, or as rebuilt before the cap. */
  totalBytes: number;
  capBytes: number;
  /** The message was larger than `capBytes`: it was cut there and no body hash was computed. */
  truncated: boolean;
  /** The copy may differ from the signed bytes; a failure may then be ours, not the sender's. */
  approximate: boolean;
  approximations: Approximation[];
}

/** Our own result, in RFC 8601 §2.7.1 words. */
export type VerifyResult = 'pass' | 'fail' | 'neutral' | 'policy' | 'temperror' | 'permerror';

/** Why a signature did not pass (null on a pass). */
export type VerifyReason =
  | 'body-hash-mismatch'
  | 'signature-mismatch'
  | 'expired'
  | 'body-too-short'
  | 'body-not-checked'
  | 'key-missing'
  | 'key-revoked'
  | 'key-too-weak'
  | 'key-malformed'
  | 'key-type-mismatch'
  | 'key-hash-not-allowed'
  | 'key-not-for-email'
  | 'key-strict-identity'
  | 'dns-error'
  | 'algorithm-refused'
  | 'unsupported-algorithm'
  | 'not-supported-here'
  | 'malformed-signature'
  | 'not-checked';

/** Something worth knowing beside the result (a pass with a 1024-bit key, an l= tag…). */
export type VerifyNoteCode =
  | 'key-under-2048'
  | 'body-length-limit'
  | 'testing-key'
  | 'pkcs1-key'
  | 'multiple-keys'
  | 'future-timestamp'
  | 'headers-intact'
  | 'headers-fail-too'
  | 'approximate-copy'
  | 'key-changed-since-delivery'
  | 'receiver-disagrees';

export interface VerifyNote {
  code: VerifyNoteCode;
  text: string;
  /** Values in `text`, for translations. */
  params: Readonly<Record<string, string>>;
}

export interface BodyHashCheck {
  /** bh= as the signature gives it (base64). */
  expected: string;
  /** The hash of the body as Header Lens has it (base64). */
  computed: string;
  /** Canonical body bytes hashed (l= when the signature gives one). */
  length: number;
  /** Canonical body bytes in all; more than `length` means content past l= is unsigned. */
  bodyLength: number;
  /** l=, when given. */
  limit: number | null;
  matches: boolean;
}

export interface VerifyKey {
  /** Where it was read: `<s>._domainkey.<d>`. */
  name: string;
  /** k= (`rsa` when absent). */
  algorithm: string;
  /** RSA modulus size; 256 for Ed25519; null when the key could not be read. */
  bits: number | null;
  /** Empty p= (RFC 6376 §3.6.1). */
  revoked: boolean;
  /** t=y: the domain is testing DKIM. */
  testing: boolean;
  /** t=s: i= must be exactly d=, not a subdomain. */
  strict: boolean;
  /** How p= was encoded: SubjectPublicKeyInfo, a bare RSAPublicKey, or a raw Ed25519 key. */
  format: 'spki' | 'pkcs1' | 'raw' | null;
  /** The TXT record used. */
  record: string;
}

/** One signature checked: a DKIM-Signature, an ARC-Message-Signature or an ARC-Seal. */
export interface SignatureCheck {
  result: VerifyResult;
  reason: VerifyReason | null;
  /** The answer in English, with its figures. */
  text: string;
  /** Values in `text`, for translations (`reason` picks the message). */
  params: Readonly<Record<string, string>>;
  /** a=, lowercase. */
  algorithm: string | null;
  /** c= as `header/body` (ARC-Seal: `relaxed`), null when unreadable. */
  canonicalization: string | null;
  /** null when no body hash was computed (ARC-Seal, refused algorithm, message over the cap). */
  bodyHash: BodyHashCheck | null;
  /** Whether b= verifies over the signed header fields with today's key; null when not tried. */
  headerSignature: 'valid' | 'invalid' | null;
  /** The key in current DNS; null when none could be read. */
  key: VerifyKey | null;
  /** The verified copy was rebuilt and the failure could come from that (never on a pass). */
  approximate: boolean;
  notes: VerifyNote[];
}

/** `dkim[i].verify`: the signature checked against the key in current DNS. */
export interface DkimVerification extends SignatureCheck {
  /** ISO 8601 UTC. */
  checkedAt: string;
  /** The resolver the key was read from. */
  resolver: string;
}

export interface ArcInstanceCheck {
  /** i= */
  instance: number;
  /** Who sealed this instance: the ARC-Seal's d= (null when the seal is missing or unreadable). */
  sealedBy: string | null;
  selector: string | null;
  /** The authserv-id of this instance's ARC-Authentication-Results. */
  authservId: string | null;
  /** cv= of this instance's ARC-Seal. */
  cv: string | null;
  seal: SignatureCheck | null;
  messageSignature: SignatureCheck | null;
}

export type ArcVerifyResult = 'pass' | 'fail' | 'none' | 'temperror' | 'neutral';

export type ArcVerifyReason =
  | 'structure'
  | 'too-many-instances'
  | 'cv-fail'
  | 'cv-invalid'
  | 'seal-failed'
  | 'message-signature-failed'
  | 'not-checked';

/** `arc.verify`: the ARC chain checked locally (RFC 8617 §5.2). Informational, as ARC is. */
export interface ArcVerification {
  result: ArcVerifyResult;
  reason: ArcVerifyReason | null;
  text: string;
  params: Readonly<Record<string, string>>;
  /** The instance where the chain broke, when it did. */
  brokenInstance: number | null;
  /** The oldest instance from which every ARC-Message-Signature up to the newest verifies: the
   * message is unchanged since that hop. null when the newest does not verify. */
  oldestPass: number | null;
  /** Oldest first. */
  instances: ArcInstanceCheck[];
  approximate: boolean;
  checkedAt: string;
  resolver: string;
}
