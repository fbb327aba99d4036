/**
 * Result keywords per method from the IANA "Email Authentication Result Names" registry
 * (RFC 8601 §2.7, RFC 8617 §9.2), plus the provider extensions seen in the wild (Microsoft's
 * `bestguesspass` and `compauth`, Google Workspace's `gateway.spf`). The one place these lists
 * live: the report's types, the analyzers' checks, the badge and the tests derive from them. A
 * result outside this table is dropped, never read as pass. This module imports nothing.
 */

/** RFC 7208 §2.6: what an SPF check can say. */
export const SPF_RESULTS = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
] as const;
export type SpfResult = (typeof SPF_RESULTS)[number];

export const RESULTS_BY_METHOD = {
  // RFC 8601 §2.7.2 adds `policy` (the receiver's local policy): never a result of the check.
  spf: [...SPF_RESULTS, 'policy'],
  // Google Workspace: SPF of the inbound gateway, not of the sender.
  'gateway.spf': SPF_RESULTS,
  dkim: ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror'],
  // Microsoft: `bestguesspass` = no DMARC record, but it would have passed.
  dmarc: ['none', 'pass', 'fail', 'temperror', 'permerror', 'bestguesspass'],
  arc: ['none', 'pass', 'fail'],
  iprev: ['pass', 'fail', 'temperror', 'permerror'],
  // Microsoft composite authentication.
  compauth: ['pass', 'fail', 'softpass', 'none'],
} as const;

export const KNOWN_RESULTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(RESULTS_BY_METHOD).map(([method, results]) => [method, new Set(results)]),
);

/** An SPF result the report can hold (`policy` is not one: RFC 8601 §2.7.2). */
export function isSpfResult(result: string): result is SpfResult {
  return (SPF_RESULTS as readonly string[]).includes(result);
}

export function isKnownResult(method: string, result: string): boolean {
  return KNOWN_RESULTS.get(method)?.has(result) === true;
}
