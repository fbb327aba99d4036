import type { AuthenticationResults } from '../parse/parse-authentication-results.ts';
import type { ReceivedSpf } from '../parse/parse-received-spf.ts';
import type { ReceivedHop } from '../parse/received/parse-received.ts';
import type { HeaderField } from '../read/parse-header-section.ts';

/** What the trust stage reads and decides with, shared by its files. */

/** An authentication field, parsed: the receiver's candidates for a verdict. */
export type AuthHeader =
  | { kind: 'ar'; field: HeaderField; parsed: AuthenticationResults }
  | { kind: 'spf'; field: HeaderField; parsed: ReceivedSpf };

export interface TraceHop {
  field: HeaderField;
  hop: ReceivedHop;
}

export interface ReceiverNames {
  /** The authserv-ids of the trusted results. */
  ids: string[];
  /** Organizational domains of the receiving system's servers and of the recipients. */
  orgs: string[];
}
