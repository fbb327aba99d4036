import type { Resolver } from '../dns/resolver.ts';
import { parseTagList } from '../parse/parse-tag-list.ts';
import { parseKeyRecord, type KeyRecord } from './parse-key-record.ts';

export type KeyLookup =
  /** `records`: how many usable key records the name has (the first is used). */
  | { status: 'key'; key: KeyRecord; records: number }
  | { status: 'missing'; problem: string }
  | { status: 'invalid'; record: string; problem: string }
  | { status: 'error'; problem: string };

/**
 * RFC 6376 §3.6.2.2: the key record is the TXT record at `<s>._domainkey.<d>`, its strings
 * joined (the resolver joins them). Records that are not key records (no p=, another v=) are
 * skipped, as §3.6.1 asks; of several usable ones the first is used (§3.6.2.2 lets a verifier
 * choose one) and the count is reported.
 */
export async function lookUpKey(resolver: Resolver, name: string): Promise<KeyLookup> {
  const answer = await resolver(name, 'TXT');
  if (answer.status === 'error') return { status: 'error', problem: answer.reason };
  const records = answer.status === 'ok' ? answer.records : [];
  if (records.length === 0) {
    return {
      status: 'missing',
      problem:
        answer.status === 'nxdomain'
          ? `${name} does not exist (NXDOMAIN)`
          : `no TXT record at ${name}`,
    };
  }
  const keys: KeyRecord[] = [];
  let invalid: { record: string; problem: string } | null = null;
  for (const record of records) {
    const parsed = parseKeyRecord(record);
    if ('problem' in parsed) {
      if (invalid === null && parseTagList(record).tags.has('p'))
        invalid = { record, problem: parsed.problem };
    } else {
      keys.push(parsed);
    }
  }
  const first = keys[0];
  if (first !== undefined) return { status: 'key', key: first, records: keys.length };
  if (invalid !== null) return { status: 'invalid', ...invalid };
  return {
    status: 'missing',
    problem: `the TXT record at ${name} is not a DKIM key record (no p=)`,
  };
}
