import { LIMITS } from '../limits.ts';
import { Scanner, stopSet } from './scanner.ts';

export interface MethodResult {
  /** Lowercase method name (RFC 8601 `method`, without version). */
  method: string;
  /** Lowercase result keyword. */
  result: string;
  /** The comments after the result, e.g. Gmail's `google.com: domain of ...` or `p=REJECT ...`. */
  comments: string[];
  reason: string | null;
  /** `ptype.property` (lowercase) → value; also bare `key=value` pairs some providers write
   * (Microsoft `action=`, `reason=` after compauth). First occurrence wins. */
  props: Map<string, string>;
}

export interface AuthenticationResults {
  /** Lowercase, trailing dot removed; null when the field has none (Microsoft's form). */
  authservId: string | null;
  /** The authserv-id as written, for display and look-alike checks. */
  authservIdRaw: string | null;
  version: number | null;
  /** `authserv-id; none`: the server checked nothing. */
  none: boolean;
  results: MethodResult[];
  /** A comment nested deeper than the limit was read as text. */
  depthExceeded: boolean;
  /** More than LIMITS.resultsPerField results: the rest of the field was not read. */
  resultsTruncated: boolean;
}

/**
 * RFC 8601 §2.2 Authentication-Results:
 *   authres-payload = [CFWS] authserv-id [CFWS authres-version] (no-result / 1*resinfo) [CFWS]
 *   resinfo   = [CFWS] ";" methodspec [CFWS reasonspec] [CFWS 1*propspec]
 *   methodspec = [CFWS] method [CFWS] "=" [CFWS] result ; method = Keyword ["/" version]
 *   propspec  = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue
 * with quoted-string values, nested comments and CFWS anywhere the grammar allows.
 * Non-RFC forms accepted (each from a real header set in test/fixtures/):
 *   Microsoft `spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=contoso.com; ...;compauth=pass
 *             reason=100` — no authserv-id (or a bare one after the first result), no space after `;`
 *   Yahoo     `dmarc=pass(p=NONE,sp=QUARANTINE)` — comment glued to the result
 *   Fastmail  `dmarc=pass policy.published-domain-policy=reject (p=reject,d=none,d.eval=none)`
 *   mixed-case method and result names.
 * The caller strips ARC's `i=N;` prefix.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const s = new Scanner(value);
  const out: AuthenticationResults = {
    authservId: null,
    authservIdRaw: null,
    version: null,
    none: false,
    results: [],
    depthExceeded: false,
    resultsTruncated: false,
  };
  s.skipCfws();
  const start = s.pos;
  const first = s.readValue(AUTHSERV_ID_END);
  s.skipCfws();
  if (s.peek() === '=' || s.peek() === '/') {
    // Microsoft: the field starts with a method.
    s.pos = start;
  } else {
    setAuthservId(out, first);
    const beforeVersion = s.pos;
    const version = s.readToken(VALUE_END);
    if (isDigits(version)) out.version = Number(version);
    else s.pos = beforeVersion;
  }

  while (!s.done) {
    s.skipCfws();
    if (s.eat(';')) continue;
    if (s.done) break;
    const resinfo = readResinfo(s);
    if (resinfo === 'none') {
      out.none = true;
    } else if (typeof resinfo === 'string') {
      // A bare value between semicolons: Microsoft sometimes puts the authserv-id here.
      if (out.authservId === null && resinfo.length > 0) setAuthservId(out, resinfo);
    } else if (resinfo !== null) {
      if (out.results.length === LIMITS.resultsPerField) {
        out.resultsTruncated = true;
        break;
      }
      out.results.push(resinfo);
    }
  }
  out.depthExceeded = s.depthExceeded;
  return out;
}

/** The authserv-id alone, without reading the results (null for Microsoft's form or none). */
export function readAuthservId(value: string): string | null {
  const s = new Scanner(value);
  s.skipCfws();
  const first = s.readValue(AUTHSERV_ID_END);
  s.skipCfws();
  if (s.peek() === '=' || s.peek() === '/') return null;
  const id = normalizeAuthservId(first);
  return id.length === 0 ? null : id;
}

function setAuthservId(out: AuthenticationResults, raw: string): void {
  const id = normalizeAuthservId(raw);
  // `Authentication-Results: ; spf=pass` names no server: null, as for Microsoft's form.
  if (id.length === 0) return;
  out.authservIdRaw = raw;
  out.authservId = id;
}

export function normalizeAuthservId(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Reads one resinfo up to (not including) the next top-level `;`. */
function readResinfo(s: Scanner): MethodResult | string | null {
  const method = s.readToken(METHOD_END).toLowerCase();
  s.skipCfws();
  if (s.eat('/')) {
    s.skipCfws();
    s.readToken(KEY_END);
    s.skipCfws();
  }
  if (!s.eat('=')) {
    skipToSemicolon(s);
    return method;
  }
  s.skipCfws();
  const result = s.readValue(VALUE_END).toLowerCase();
  const comments: string[] = [];
  const props = new Map<string, string>();
  let reason: string | null = null;
  for (;;) {
    s.skipCfws(comments);
    if (s.done || s.peek() === ';') break;
    let key = s.readToken(KEY_END).toLowerCase();
    s.skipCfws(comments);
    // §2.2 allows CFWS on both sides of a propspec's ".", as Appendix B.7 writes it:
    //   `policy (A dot can go here) . (like that) expired (this surprised me) = 1362471462`
    if (key.length > 0 && !key.includes('.') && s.peek() === '.') {
      s.pos += 1;
      key += '.';
      s.skipCfws(comments);
    }
    if (key.length > 1 && key.endsWith('.')) {
      key += s.readToken(KEY_END).toLowerCase();
      s.skipCfws(comments);
    }
    if (!s.eat('=')) {
      if (key.length === 0) s.pos += 1;
      continue;
    }
    s.skipCfws(comments);
    const val = s.readPropertyValue(VALUE_END);
    if (key === 'reason') reason ??= val;
    else if (key.length > 0 && !props.has(key) && props.size < LIMITS.propertiesPerResult) {
      props.set(key, val);
    }
  }
  if (method.length === 0 || result.length === 0) return null;
  return { method, result, comments, reason, props };
}

/** Where the grammar's tokens end, besides whitespace. */
const AUTHSERV_ID_END = stopSet(';(=');
const METHOD_END = stopSet('=;(/');
const KEY_END = stopSet('=;(');
const VALUE_END = stopSet(';(');

function skipToSemicolon(s: Scanner): void {
  while (!s.done && s.peek() !== ';') {
    if (s.peek() === '(') s.readCommentText();
    else if (s.peek() === '"') s.readQuoted();
    else s.pos += 1;
  }
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 9) return false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
