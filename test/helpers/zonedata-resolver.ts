/**
 * A `Resolver` built from a zone table in the OpenSPF test-suite format
 * (the pyspf/OpenSPF rfc7208-tests.yml), as mailauth's tests build theirs (test/helpers/dns-zone.js):
 * name → list of `{ TYPE: value }` or `TIMEOUT`. Behaves like the suite's reference driver
 * (pyspf test/testspf.py):
 * - names are case-insensitive, a trailing dot is ignored; a name not listed is NXDOMAIN;
 * - `TIMEOUT` times out queries for which no record of the queried type is listed before it;
 * - SPF (type 99) records also answer TXT queries unless the name lists TXT itself (`TXT: NONE`
 *   lists TXT without a record);
 * - TXT values are a string or a list of strings joined without separators; MX values are
 *   `[preference, host]`, answered lowest preference first;
 * - a CNAME is followed when the name has no record of the queried type; a loop is an error.
 */
import type { DnsResult, DnsType, Resolver } from '../../src/core/dns/resolver.ts';

type Entry = 'TIMEOUT' | { type: string; value: unknown };

export interface ZonedataResolver {
  resolver: Resolver;
  /** `TYPE name` of every query, in order. */
  queries: string[];
}

export function zonedataResolver(
  zonedata: Readonly<Record<string, readonly unknown[] | null>>,
  options: { ttl?: number } = {},
): ZonedataResolver {
  const zone = new Map<string, Entry[]>();
  for (const [name, list] of Object.entries(zonedata)) {
    const entries = (list ?? []).map(toEntry);
    const listsTxt = entries.some((e) => e !== 'TIMEOUT' && e.type === 'TXT');
    const kept = entries.filter((e) => e === 'TIMEOUT' || e.value !== 'NONE');
    // Generated after everything else, as the reference driver does.
    if (!listsTxt) {
      for (const e of entries)
        if (e !== 'TIMEOUT' && e.type === 'SPF') kept.push({ ...e, type: 'TXT' });
    }
    zone.set(normalize(name), kept);
  }
  const queries: string[] = [];
  const ttl = options.ttl ?? 3600;

  const lookup = (name: string, type: DnsType, seen: Set<string>): DnsResult => {
    const entries = zone.get(name);
    if (entries === undefined) return { status: 'nxdomain', ttl };
    const records: string[] = [];
    const mx: [number, string][] = [];
    let found = false;
    for (const e of entries) {
      if (e === 'TIMEOUT') {
        if (!found) return { status: 'error', reason: 'timeout' };
        break;
      }
      if (e.type !== type) continue;
      found = true;
      if (type === 'MX') mx.push(toMx(e.value));
      else records.push(toRecord(type, e.value));
    }
    if (type === 'MX') records.push(...mx.sort((x, y) => x[0] - y[0]).map((m) => m[1]));
    if (records.length === 0) {
      const cname = entries.find((e) => e !== 'TIMEOUT' && e.type === 'CNAME');
      if (cname !== undefined && cname !== 'TIMEOUT') {
        const target = normalize(String(cname.value));
        if (seen.has(target) || seen.size > 8) return { status: 'error', reason: 'CNAME loop' };
        seen.add(target);
        return lookup(target, type, seen);
      }
    }
    return { status: 'ok', records, ttl, authenticated: false };
  };

  const resolver: Resolver = (name, type) => {
    queries.push(`${type} ${name}`);
    const key = normalize(name);
    return Promise.resolve(lookup(key, type, new Set([key])));
  };
  return { resolver, queries };
}

function normalize(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function toEntry(item: unknown): Entry {
  if (item === 'TIMEOUT') return 'TIMEOUT';
  if (typeof item === 'object' && item !== null) {
    const pairs = Object.entries(item);
    const pair = pairs[0];
    if (pairs.length === 1 && pair !== undefined) return { type: pair[0], value: pair[1] };
  }
  throw new Error(`unreadable zone entry: ${JSON.stringify(item)}`);
}

function toRecord(type: DnsType, value: unknown): string {
  if (type === 'TXT') {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(String).join('');
    throw new Error(`unreadable TXT value: ${JSON.stringify(value)}`);
  }
  const text = String(value);
  return type === 'PTR' || type === 'AAAA' ? normalize(text) : text;
}

function toMx(value: unknown): [number, string] {
  if (Array.isArray(value) && value.length === 2) {
    return [Number(value[0]), normalize(String(value[1]))];
  }
  throw new Error(`unreadable MX value: ${JSON.stringify(value)}`);
}
