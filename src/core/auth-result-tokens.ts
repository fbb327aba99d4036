/**
 * Result keywords per method from the IANA "Email Authentication Result Names" registry
 * (RFC 8601 §2.7, RFC 8617 §9.2), plus the provider extensions documented in
 * ../shared/docs/domain.md §2. A result outside this table is dropped, never read as pass.
 */
export const KNOWN_RESULTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    'spf',
    new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror', 'policy']),
  ],
  // Google Workspace: SPF of the inbound gateway, not of the sender.
  [
    'gateway.spf',
    new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror']),
  ],
  ['dkim', new Set(['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror'])],
  // Microsoft: `bestguesspass` = no DMARC record, but it would have passed.
  ['dmarc', new Set(['none', 'pass', 'fail', 'temperror', 'permerror', 'bestguesspass'])],
  ['arc', new Set(['none', 'pass', 'fail'])],
  ['iprev', new Set(['pass', 'fail', 'temperror', 'permerror'])],
  // Microsoft composite authentication.
  ['compauth', new Set(['pass', 'fail', 'softpass', 'none'])],
]);

export function isKnownResult(method: string, result: string): boolean {
  return KNOWN_RESULTS.get(method)?.has(result) === true;
}
