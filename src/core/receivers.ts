/**
 * Mailbox providers whose trace blocks have a known shape. Where a provider writes its
 * authentication headers decides which neighbours of its inbound Received field can be trusted
 * (../shared/docs/domain.md §2-3):
 *   'below' — Received, then Received-SPF and one Authentication-Results directly under it (Gmail,
 *             Yahoo); anything after that single A-R was written by the sender.
 *   'above' — the results sit above the inbound Received (RFC 8601 §5 prepending: Microsoft,
 *             Fastmail, iCloud); anything under the inbound Received was written by the sender.
 */
export interface ReceiverProfile {
  name: string;
  /** Organizational domains of the provider's authserv-ids and MX hosts. */
  orgs: readonly string[];
  block: 'above' | 'below';
  /** The provider writes exactly one Authentication-Results per message. */
  singleResults: boolean;
  /** The provider's Authentication-Results has no authserv-id. */
  noAuthservId: boolean;
}

export const RECEIVERS: readonly ReceiverProfile[] = [
  {
    name: 'Gmail',
    orgs: ['google.com'],
    block: 'below',
    singleResults: true,
    noAuthservId: false,
  },
  {
    name: 'Yahoo',
    orgs: ['yahoo.com', 'aol.com', 'yahoodns.net'],
    block: 'below',
    singleResults: true,
    noAuthservId: false,
  },
  {
    name: 'Microsoft',
    orgs: ['outlook.com', 'office365.com', 'hotmail.com', 'exchangelabs.com', 'microsoft.com'],
    block: 'above',
    singleResults: false,
    noAuthservId: true,
  },
  {
    name: 'Fastmail',
    orgs: ['messagingengine.com', 'fastmail.com'],
    block: 'above',
    singleResults: false,
    noAuthservId: false,
  },
  {
    name: 'iCloud',
    orgs: ['icloud.com', 'me.com', 'apple.com'],
    block: 'above',
    singleResults: false,
    noAuthservId: false,
  },
];

export const MICROSOFT = RECEIVERS.find((r) => r.noAuthservId) as ReceiverProfile;

/** The provider whose organizational domains include `org`. */
export function profileForOrg(org: string | null): ReceiverProfile | null {
  if (org === null) return null;
  return RECEIVERS.find((r) => r.orgs.includes(org)) ?? null;
}

/** Every provider's organizational domains: an auth header claiming one of them anywhere outside
 * the receiver's block is a forgery candidate. */
export const KNOWN_ORGS: readonly string[] = RECEIVERS.flatMap((r) => r.orgs);
