import type {
  ArcVerification,
  DkimVerification,
  MessageVerification,
  SignatureCheck,
  VerifyInput,
} from '../core/index.ts';
import { DKIM_LIMITS } from '../core/dkim/dkim-limits.ts';
import {
  isRecord,
  type DownloadFailure,
  type OriginalRead,
  type VerifyAnswer,
} from './messages.ts';

/**
 * Schema checks of the two answers "Verify signatures now" carries: the content script's
 * OriginalRead (checked by the background) and the background's VerifyAnswer (checked by the
 * popup). Like messages.ts this loads nothing at run time, so the popup stays small. An answer of
 * the wrong shape (a worker or page of another version, a bug) is refused whole: the popup then
 * says the check failed rather than drawing a half-read result.
 */

/** The largest message the content script sends: base64 of `cap + 1` bytes (4/3 of them), or
 * `cap + 1` characters of text (DKIM_LIMITS.messageBytes says what the cap protects). */
const MAX_ORIGINAL_CHARS = Math.ceil((DKIM_LIMITS.messageBytes + 1) / 3) * 4;
const FAILURES: ReadonlySet<string> = new Set<DownloadFailure>([
  'no-url',
  'http-error',
  'not-a-message',
  'other-message',
]);

export function parseOriginalRead(value: unknown): OriginalRead | null {
  if (!isRecord(value)) return null;
  const source = value['source'];
  if (source === 'download') {
    const { base64, totalBytes, truncated } = value;
    if (
      typeof base64 !== 'string' ||
      base64.length > MAX_ORIGINAL_CHARS ||
      !(totalBytes === null || isCount(totalBytes)) ||
      typeof truncated !== 'boolean'
    )
      return null;
    return { source, base64, totalBytes, truncated };
  }
  const failure = value['failure'];
  const detail = value['detail'];
  if (typeof failure !== 'string' || !FAILURES.has(failure) || !isShort(detail)) return null;
  const why = { failure: failure as DownloadFailure, detail };
  if (source === 'none') return { source, ...why };
  const text = value['text'];
  if (source !== 'pre' || typeof text !== 'string' || text.length > MAX_ORIGINAL_CHARS) return null;
  return { source, text, ...why };
}

export function parseVerifyAnswer(value: unknown): VerifyAnswer | null {
  if (!isRecord(value)) return null;
  if (value['ok'] === false)
    return isShort(value['error']) ? { ok: false, error: value['error'] } : null;
  if (value['ok'] !== true || !isVerification(value['verification'])) return null;
  const fallback = value['fallback'];
  if (fallback === null) return { ok: true, verification: value['verification'], fallback };
  if (
    !isRecord(fallback) ||
    typeof fallback['failure'] !== 'string' ||
    !FAILURES.has(fallback['failure']) ||
    !isShort(fallback['detail'])
  )
    return null;
  return {
    ok: true,
    verification: value['verification'],
    fallback: { failure: fallback['failure'] as DownloadFailure, detail: fallback['detail'] },
  };
}

function isVerification(v: unknown): v is MessageVerification {
  return (
    isRecord(v) &&
    isInput(v['input']) &&
    Array.isArray(v['signatures']) &&
    v['signatures'].length <= 64 &&
    v['signatures'].every(
      (s) =>
        isRecord(s) &&
        isNullableString(s['domain']) &&
        isNullableString(s['selector']) &&
        isDkimVerification(s['verify']),
    ) &&
    isArc(v['arc']) &&
    typeof v['checkedAt'] === 'string' &&
    typeof v['resolver'] === 'string'
  );
}

const SOURCES = new Set(['eml', 'pre', 'download']);
const APPROXIMATIONS = new Set(['line-ends', 'non-ascii', 'replacement']);

function isInput(v: unknown): v is VerifyInput {
  return (
    isRecord(v) &&
    typeof v['source'] === 'string' &&
    SOURCES.has(v['source']) &&
    isCount(v['bytes']) &&
    isCount(v['totalBytes']) &&
    isCount(v['capBytes']) &&
    typeof v['truncated'] === 'boolean' &&
    typeof v['approximate'] === 'boolean' &&
    Array.isArray(v['approximations']) &&
    v['approximations'].every((a) => typeof a === 'string' && APPROXIMATIONS.has(a))
  );
}

const RESULTS = new Set(['pass', 'fail', 'neutral', 'policy', 'temperror', 'permerror']);

function isCheck(v: unknown): v is SignatureCheck {
  if (!isRecord(v)) return false;
  const { bodyHash, key, notes } = v;
  return (
    typeof v['result'] === 'string' &&
    RESULTS.has(v['result']) &&
    isNullableString(v['reason']) &&
    typeof v['text'] === 'string' &&
    isParams(v['params']) &&
    isNullableString(v['algorithm']) &&
    isNullableString(v['canonicalization']) &&
    (v['headerSignature'] === null ||
      v['headerSignature'] === 'valid' ||
      v['headerSignature'] === 'invalid') &&
    typeof v['approximate'] === 'boolean' &&
    (bodyHash === null ||
      (isRecord(bodyHash) &&
        typeof bodyHash['expected'] === 'string' &&
        typeof bodyHash['computed'] === 'string' &&
        isCount(bodyHash['length']) &&
        isCount(bodyHash['bodyLength']) &&
        (bodyHash['limit'] === null || isCount(bodyHash['limit'])) &&
        typeof bodyHash['matches'] === 'boolean')) &&
    (key === null ||
      (isRecord(key) &&
        typeof key['name'] === 'string' &&
        typeof key['algorithm'] === 'string' &&
        (key['bits'] === null || isCount(key['bits'])) &&
        typeof key['revoked'] === 'boolean' &&
        typeof key['testing'] === 'boolean' &&
        typeof key['strict'] === 'boolean' &&
        (key['format'] === null || ['spki', 'pkcs1', 'raw'].includes(String(key['format']))) &&
        typeof key['record'] === 'string')) &&
    Array.isArray(notes) &&
    notes.every(
      (n) =>
        isRecord(n) &&
        typeof n['code'] === 'string' &&
        typeof n['text'] === 'string' &&
        isParams(n['params']),
    )
  );
}

function isDkimVerification(v: unknown): v is DkimVerification {
  return (
    isCheck(v) &&
    typeof (v as unknown as Record<string, unknown>)['checkedAt'] === 'string' &&
    typeof (v as unknown as Record<string, unknown>)['resolver'] === 'string'
  );
}

const ARC_RESULTS = new Set(['pass', 'fail', 'none', 'temperror', 'neutral']);

function isArc(v: unknown): v is ArcVerification {
  return (
    isRecord(v) &&
    typeof v['result'] === 'string' &&
    ARC_RESULTS.has(v['result']) &&
    isNullableString(v['reason']) &&
    typeof v['text'] === 'string' &&
    isParams(v['params']) &&
    (v['brokenInstance'] === null || isCount(v['brokenInstance'])) &&
    (v['oldestPass'] === null || isCount(v['oldestPass'])) &&
    typeof v['approximate'] === 'boolean' &&
    typeof v['checkedAt'] === 'string' &&
    typeof v['resolver'] === 'string' &&
    Array.isArray(v['instances']) &&
    v['instances'].length <= 64 &&
    v['instances'].every(
      (x) =>
        isRecord(x) &&
        isCount(x['instance']) &&
        isNullableString(x['sealedBy']) &&
        isNullableString(x['selector']) &&
        isNullableString(x['authservId']) &&
        isNullableString(x['cv']) &&
        (x['seal'] === null || isCheck(x['seal'])) &&
        (x['messageSignature'] === null || isCheck(x['messageSignature'])),
    )
  );
}

function isParams(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
}

function isNullableString(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** An error or detail line: a sentence, not a message. */
function isShort(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 2000;
}
