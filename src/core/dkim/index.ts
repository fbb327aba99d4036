/**
 * Local DKIM (RFC 6376, RFC 8463, RFC 8301) and ARC (RFC 8617) verification against the keys in
 * current DNS, over bytes, with DNS and crypto passed in. `verifySignatures` is the entry;
 * `verifyMessage` + `withVerification` split it for a worker that verifies and a popup that
 * shows.
 */
export { verifySignatures } from './verify-signatures.ts';
export {
  verifyMessage,
  type MessageVerification,
  type SignatureVerification,
  type VerifyOptions,
} from './verify-message.ts';
export { withVerification } from './with-verification.ts';
export { createWebCryptoDkim, type SubtleLike } from './create-webcrypto-dkim.ts';
export type { DkimCrypto, DkimVerifyAlgorithm } from './dkim-crypto.ts';
export { DKIM_LIMITS } from './dkim-limits.ts';
export { prepareMessage, type PreparedMessage } from './prepare-message.ts';
export { canonicalizeBody, type Canonicalization, type WorkMeter } from './canonicalize-body.ts';
export { canonicalizeHeader } from './canonicalize-header.ts';
export { splitMessage, type RawField, type SplitMessage } from './split-message.ts';
export type * from './verify-types.ts';
