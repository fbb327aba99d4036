import { toIso } from '../parse/parse-date.ts';
import type { Hop } from '../report.ts';
import type { TraceHop } from '../trust/trust-types.ts';

/**
 * The path, oldest first (Received fields are prepended, so the message order is newest first),
 * with the delay from the previous hop in seconds. A negative delay means the two servers'
 * clocks disagree: it is kept (and flagged) rather than hidden.
 */
export function buildHops(received: readonly TraceHop[], inbound: number | null): Hop[] {
  const hops: Hop[] = [];
  let previous: number | null = null;
  for (let i = received.length - 1; i >= 0; i -= 1) {
    const h = (received[i] as TraceHop).hop;
    const delay =
      h.date !== null && previous !== null ? Math.round((h.date - previous) / 1000) : null;
    hops.push({
      from: h.helo ?? h.rdns,
      ip: h.ip,
      by: h.by,
      with: h.with,
      date: toIso(h.date),
      delaySeconds: delay,
      helo: h.helo,
      rdns: h.rdns,
      tls: h.tls,
      id: h.id,
      for: h.for,
      clockSkew: delay !== null && delay < 0,
      inbound: i === inbound,
    });
    if (h.date !== null) previous = h.date;
  }
  return hops;
}
