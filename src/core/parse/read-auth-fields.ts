import { LIMITS } from '../limits.ts';
import { parseAuthenticationResults } from './parse-authentication-results.ts';
import type { HeaderField } from '../read/parse-header-section.ts';
import { parseReceivedSpf } from './parse-received-spf.ts';
import { parseReceived } from './received/parse-received.ts';
import type { Warning } from '../report.ts';
import { warning } from '../findings/warning-catalogue.ts';
import type { AuthHeader, TraceHop } from '../trust/trust-types.ts';

/** Fields read, and what was left unread at the limits. */
export interface Read<T> {
  items: T[];
  warnings: Warning[];
}

/** The topmost Received fields (LIMITS.receivedFields of them), each parsed. */
export function readTrace(fields: readonly HeaderField[]): Read<TraceHop> {
  const received = fields.filter((f) => f.key === 'received');
  const max = LIMITS.receivedFields;
  const items = received.slice(0, max).map((field) => ({ field, hop: parseReceived(field.value) }));
  if (received.length <= max) return { items, warnings: [] };
  const counts = { count: String(received.length), limit: String(max) };
  return { items, warnings: [warning('truncated-received', counts)] };
}

/** The topmost Authentication-Results and Received-SPF fields, each parsed, in message order. */
export function readAuthFields(fields: readonly HeaderField[]): Read<AuthHeader> {
  const items: AuthHeader[] = [];
  let ar = 0;
  let spf = 0;
  let dropped = false;
  for (const field of fields) {
    if (field.key === 'authentication-results') {
      if (ar >= LIMITS.authResultsFields) {
        dropped = true;
        continue;
      }
      ar += 1;
      items.push({ kind: 'ar', field, parsed: parseAuthenticationResults(field.value) });
    } else if (field.key === 'received-spf') {
      if (spf >= LIMITS.authResultsFields) {
        dropped = true;
        continue;
      }
      spf += 1;
      items.push({ kind: 'spf', field, parsed: parseReceivedSpf(field.value) });
    }
  }
  const limit = { limit: String(LIMITS.authResultsFields) };
  return { items, warnings: dropped ? [warning('truncated-auth-results', limit)] : [] };
}
