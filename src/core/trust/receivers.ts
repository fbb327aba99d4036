/**
 * Mailbox providers whose trace blocks have a known shape (docs/trust-model.md). Where a provider
 * writes its authentication headers decides which fields next to its inbound Received field can
 * be its own:
 *   'below' — Received, then one Received-SPF and one Authentication-Results directly under it
 *             (Gmail, Yahoo/AOL): the provider always writes both, at once, so the first of each
 *             under its Received is its own and anything after them was written by the sender.
 *   'above' — the results sit above the inbound Received (RFC 8601 §5: a server prepends;
 *             Microsoft, Fastmail, iCloud): nothing under the inbound Received is the provider's.
 * A receiver not in this table is treated as 'above': a server that writes its results under its
 * own Received field can't be told apart from a sender who writes them there.
 */
export interface ReceiverProfile {
  name: string;
  /** Organizational domains of the provider's servers, authserv-ids and mail domains. */
  orgs: readonly string[];
  /** Authserv-ids the provider writes, besides names in `orgs` (for look-alike checks). */
  ids: readonly string[];
  block: 'above' | 'below';
  /** For a 'below' provider: other fields it writes between its Received and its results
   * (lowercase names; Yahoo's `X-Originating-Ip: [198.51.100.3]`). */
  fieldsBeforeResults: readonly string[];
  /** Inbound servers of a 'below' provider that write Received-SPF but no
   * Authentication-Results (Google Groups' `gmr-mx.google.com`), lowercase. */
  withoutResults: readonly string[];
  /** The provider's Authentication-Results has no authserv-id (Microsoft). */
  noAuthservId: boolean;
  /**
   * Public networks the provider's own servers hand mail between, never the internet at large.
   * A hop from one of them is internal although its address is routable: Exchange Online's
   * internal hops come from `2603:10b6:...` (`from SA1PR12MB8123.namprd12.prod.outlook.com
   * (2603:10b6:806:33b::14) by BY5PR12MB4291.namprd12.prod.outlook.com with HTTPS`). Not its
   * outbound ranges (`*.outbound.protection.outlook.com`), which any Microsoft 365 customer
   * sends from.
   */
  internalNets: readonly string[];
}

export const RECEIVERS: readonly ReceiverProfile[] = [
  {
    name: 'Gmail',
    orgs: ['google.com', 'gmail.com', 'googlemail.com'],
    ids: ['mx.google.com', 'gmr-mx.google.com'],
    block: 'below',
    fieldsBeforeResults: [],
    withoutResults: ['gmr-mx.google.com'],
    noAuthservId: false,
    internalNets: [],
  },
  {
    name: 'Yahoo',
    orgs: ['yahoo.com', 'aol.com', 'yahoodns.net', 'ymail.com'],
    ids: [],
    block: 'below',
    fieldsBeforeResults: ['x-originating-ip'],
    withoutResults: [],
    noAuthservId: false,
    internalNets: [],
  },
  {
    name: 'Microsoft',
    orgs: [
      'outlook.com',
      'office365.com',
      'hotmail.com',
      'live.com',
      'exchangelabs.com',
      'microsoft.com',
    ],
    ids: ['protection.outlook.com', 'mx.microsoft.com'],
    block: 'above',
    fieldsBeforeResults: [],
    withoutResults: [],
    noAuthservId: true,
    internalNets: ['2603:1000::/24', '2a01:111:e400::/48'],
  },
  {
    name: 'Fastmail',
    orgs: ['messagingengine.com', 'fastmail.com', 'fastmail.fm'],
    ids: [],
    block: 'above',
    fieldsBeforeResults: [],
    withoutResults: [],
    noAuthservId: false,
    internalNets: [],
  },
  {
    name: 'iCloud',
    orgs: ['icloud.com', 'me.com', 'mac.com', 'apple.com'],
    ids: [],
    block: 'above',
    fieldsBeforeResults: [],
    withoutResults: [],
    noAuthservId: false,
    internalNets: [],
  },
];

/** The provider whose organizational domains include `org`. */
export function profileForOrg(org: string | null): ReceiverProfile | null {
  if (org === null) return null;
  return RECEIVERS.find((r) => r.orgs.includes(org)) ?? null;
}

/** Every provider's organizational domains: an auth header claiming one of them outside that
 * provider's own trace block is a forgery candidate. */
export const KNOWN_ORGS: readonly string[] = RECEIVERS.flatMap((r) => r.orgs);

/** Every provider's authserv-ids and organizational domains, for look-alike checks. */
export const KNOWN_IDS: readonly string[] = RECEIVERS.flatMap((r) => [...r.ids, ...r.orgs]);
