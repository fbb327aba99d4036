/**
 * RFC 7208 §4.5: which of a name's TXT records is its SPF record. A record counts when it starts
 * with `v=spf1` (any case, §4.6.1: ABNF strings are case-insensitive) followed by a space or the
 * end, so `v=spf10` and `v=spf1mx` (two strings joined without a separator, §3.3) do not. The
 * caller gives each record's strings already joined (the resolver does it). Type SPF (99)
 * records are not consulted (§3.1: "SPF records MUST be published as a DNS TXT").
 */

export function isSpfRecord(text: string): boolean {
  return (
    text.length >= 6 &&
    text.slice(0, 6).toLowerCase() === 'v=spf1' &&
    (text.length === 6 || text.charCodeAt(6) === 0x20)
  );
}

/**
 * `record` is set only when exactly one record is an SPF record; `count` says how many were
 * (0 → none, more than 1 → permerror).
 */
export function selectSpfRecord(txt: readonly string[]): { record: string | null; count: number } {
  const records = txt.filter(isSpfRecord);
  return { record: records.length === 1 ? (records[0] ?? null) : null, count: records.length };
}
