import type { Report } from '../report.ts';
import { phraseOf } from './phrase.ts';
import type { LiveItem, LiveView, Phrase } from './presentation.ts';

/** What current DNS says, as templates (translated as `liveSays_<code>`). */
export const LIVE_TEXTS: Readonly<Record<string, string>> = {
  'lookup-failed': "couldn't read current DNS for {name} via {resolver}: {reason}",
  'lookup-failed-item': "couldn't be read: {reason}",
  'spf-pass': "today's record authorizes {ip}",
  'spf-pass-mechanism': "today's record authorizes {ip} ({mechanism})",
  'spf-none': '{domain} publishes no SPF record',
  'spf-permerror': "today's record is broken: {problem}",
  'spf-not-authorized': "today's record gives {result} for {ip}",
  'dmarc-found': 'published, policy {policy}',
  'dmarc-found-at': 'none here; the organizational domain publishes one at {name}, policy {policy}',
  'dmarc-none': 'no DMARC record',
  'dmarc-invalid': 'the record is invalid: {problem}',
  'dkim-key': 'key published ({type}, {bits} bits)',
  'dkim-problem': '{problem}',
  'dkim-revoked': 'key revoked (empty p=)',
  'dkim-missing': 'no key published',
  'dkim-not-a-key': 'a TXT record that is not a DKIM key',
  'dkim-invalid-name': 'not a DNS name',
  'ptr-ok': 'named {name}, which points back to it',
  'ptr-problem': '{problem}',
  checked: 'Current DNS as of {time} via {resolver}',
  lookups: '{n}/10 DNS lookups',
  ttl: 'TTL {ttl} s',
  dnssec: 'DNSSEC-validated by the resolver',
  'dkim-weak': '{bits} bits is too short; Gmail requires 1024 (2048 recommended)',
  incomplete:
    'Current DNS via {resolver} could not be read completely ({count} failed); what failed is marked, and nothing is concluded from it',
};

const says = (code: string, params: Record<string, string> = {}): Phrase =>
  phraseOf('liveSays', LIVE_TEXTS, code, params);

/**
 * Current DNS beside the delivery-time verdict. A lookup that failed (a timeout, a refusal,
 * SERVFAIL) is said to have failed — "couldn't read current DNS for example.com via Cloudflare:
 * no answer within 4 s" — never shown as "no record" or "does not authorize".
 */
export function presentLive(report: Report): LiveView | null {
  const spf = report.spf.live;
  const dmarc = report.dmarc.live;
  const ptr = report.ptr?.live;
  const dkim = report.dkim.flatMap((d) => (d.live === undefined ? [] : [d.live]));
  const meta = spf ?? dmarc ?? ptr ?? dkim[0];
  if (meta === undefined) return null;
  const resolver = meta.resolver;
  const items: LiveItem[] = [];
  const errors: Phrase[] = [];
  const item = (
    method: LiveItem['method'],
    name: string,
    state: LiveItem['state'],
    summary: Phrase,
    record: string | null,
    details: Phrase[] = [],
  ): void => {
    const tone = state === 'ok' ? 'good' : state === 'error' ? 'neutral' : 'bad';
    items.push({ method, state, tone, summary, record, name, details });
  };
  const ttl = (seconds: number | null): Phrase[] =>
    seconds === null ? [] : [says('ttl', { ttl: String(seconds) })];
  const failed = (method: LiveItem['method'], name: string, reason: string): void => {
    // The whole sentence for the list of what failed; beside its name, the reason is enough.
    errors.push(says('lookup-failed', { name, resolver, reason }));
    item(method, name, 'error', says('lookup-failed-item', { reason }), null);
  };

  if (spf !== undefined) {
    const details = [
      says('lookups', { n: String(spf.lookups) }),
      ...ttl(spf.ttl),
      ...(spf.dnssec ? [says('dnssec')] : []),
    ];
    if (spf.lookupError !== null) failed('spf', spf.domain, spf.lookupError);
    else if (spf.authorizesClientIp) {
      const summary =
        spf.mechanism === null
          ? says('spf-pass', { ip: spf.clientIp })
          : says('spf-pass-mechanism', { ip: spf.clientIp, mechanism: spf.mechanism });
      item('spf', spf.domain, 'ok', summary, spf.record, details);
    } else if (spf.record === null) {
      item('spf', spf.domain, 'problem', says('spf-none', { domain: spf.domain }), null);
    } else if (spf.result === 'permerror') {
      const problem = spf.problem ?? 'permerror';
      item('spf', spf.domain, 'problem', says('spf-permerror', { problem }), spf.record, details);
    } else {
      const summary = says('spf-not-authorized', { result: spf.result, ip: spf.clientIp });
      item('spf', spf.domain, 'problem', summary, spf.record, details);
    }
  }
  if (dmarc !== undefined) {
    if (dmarc.status === 'error') failed('dmarc', dmarc.name, dmarc.problem ?? 'the lookup failed');
    else if (dmarc.status === 'found') {
      const name = dmarc.foundAt ?? dmarc.name;
      const policy = dmarc.appliedPolicy ?? dmarc.policy ?? '?';
      const summary =
        name === dmarc.name
          ? says('dmarc-found', { policy })
          : says('dmarc-found-at', { name, policy });
      item('dmarc', dmarc.name, 'ok', summary, dmarc.record, ttl(dmarc.ttl));
    } else if (dmarc.status === 'none') {
      item('dmarc', dmarc.name, 'problem', says('dmarc-none'), null);
    } else {
      const problem = dmarc.problem ?? '';
      item('dmarc', dmarc.name, 'problem', says('dmarc-invalid', { problem }), dmarc.record);
    }
  }
  for (const k of dkim) {
    if (k.status === 'error') {
      failed('dkim', k.keyName, k.problem ?? 'the lookup failed');
      continue;
    }
    if (k.status === 'key') {
      const params = { type: k.keyType ?? '?', bits: k.keyBits === null ? '?' : String(k.keyBits) };
      // Published, but Gmail refuses RSA keys under 1024 bits: a problem, not a pass.
      const weak = k.keyType === 'rsa' && k.keyBits !== null && k.keyBits < 1024;
      const details = weak
        ? [says('dkim-weak', { bits: String(k.keyBits) })]
        : k.problem === null
          ? []
          : [says('dkim-problem', { problem: k.problem })];
      const state = details.length === 0 ? 'ok' : 'problem';
      item('dkim', k.keyName, state, says('dkim-key', params), k.record, [
        ...details,
        ...ttl(k.ttl),
      ]);
    } else {
      item('dkim', k.keyName, 'problem', says(`dkim-${k.status}`), k.record, ttl(k.ttl));
    }
  }
  if (ptr !== undefined) {
    if (ptr.status === 'error') failed('ptr', ptr.ip, ptr.problem ?? 'the lookup failed');
    else if (ptr.forwardConfirmed) {
      item('ptr', ptr.ip, 'ok', says('ptr-ok', { name: ptr.confirmedName ?? '?' }), null);
    } else {
      item('ptr', ptr.ip, 'problem', says('ptr-problem', { problem: ptr.problem ?? '' }), null);
    }
  }
  const complete = errors.length === 0;
  return {
    asOf: meta.checkedAt,
    resolver,
    complete,
    errors,
    status: complete
      ? says('checked', { time: meta.checkedAt, resolver })
      : says('incomplete', { resolver, count: String(errors.length) }),
    items,
  };
}
