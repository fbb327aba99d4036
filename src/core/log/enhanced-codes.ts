import type { CodeInfo } from '../findings/gmail-codes.ts';

/**
 * What an enhanced status code means wherever it comes from (RFC 3463 §3, RFC 7372 §3 for the
 * x.7.20-x.7.26 authentication codes, RFC 7505 for null MX; the IANA "Enumerated Status Codes"
 * registry), with the fix a sender's administrator can make. Keyed by `subject.detail`: the
 * class (4 temporary, 5 permanent) is said apart. Gmail gives some of these its own meaning
 * (5.7.27 is "SPF did not pass" at Gmail, "sender has null MX" in the registry; 5.7.30 "DKIM did
 * not pass", in the registry "REQUIRETLS required"): a reply from Google is explained with
 * ../gmail-codes.ts instead (explain-status.ts).
 */
export const ENHANCED_CODES: ReadonlyMap<string, CodeInfo> = new Map([
  [
    '1.1',
    {
      meaning: "The recipient's mailbox does not exist at that server (bad destination mailbox).",
      fix: 'Check the address for typos; remove it from your lists if it is gone.',
    },
  ],
  [
    '1.2',
    {
      meaning: "The recipient's domain or mail server does not exist or does not accept mail.",
      fix: 'Check the domain of the address for typos.',
    },
  ],
  [
    '1.3',
    {
      meaning: 'The recipient address is not a valid address (syntax).',
      fix: 'Correct the address.',
    },
  ],
  [
    '1.10',
    {
      meaning: 'The recipient domain publishes a null MX (RFC 7505): it accepts no mail at all.',
      fix: 'The address cannot receive mail; remove it.',
    },
  ],
  [
    '2.1',
    {
      meaning: "The recipient's mailbox is disabled and accepts no messages.",
      fix: 'Reach the recipient another way; remove the address if it stays disabled.',
    },
  ],
  [
    '2.2',
    {
      meaning: "The recipient's mailbox is full.",
      fix: 'Nothing to fix on your side; the server retries a temporary (4.x) failure by itself.',
    },
  ],
  [
    '2.3',
    {
      meaning: "The message is larger than the recipient's server accepts.",
      fix: 'Send a smaller message (link large attachments instead).',
    },
  ],
  [
    '3.4',
    {
      meaning: "The message is larger than the recipient's server accepts.",
      fix: 'Send a smaller message (link large attachments instead).',
    },
  ],
  [
    '4.1',
    {
      meaning: "No answer from the recipient's mail server (the connection timed out).",
      fix: 'Check that your server can reach port 25 outside (many VPS and cloud providers block it until asked) and that the MX host is up.',
    },
  ],
  [
    '4.2',
    {
      meaning: "The connection to the recipient's mail server was lost or refused.",
      fix: 'Usually temporary; if it persists for one provider, check whether that provider blocks your IP (its text or postmaster page says).',
    },
  ],
  [
    '4.3',
    {
      meaning: "DNS lookup for the recipient's domain failed (directory server failure).",
      fix: "Check your server's resolver (/etc/resolv.conf, a local unbound): can it resolve the domain's MX?",
    },
  ],
  [
    '4.4',
    {
      meaning:
        "No route to the recipient's domain: it has no MX or address record, or none that works.",
      fix: 'Check the domain of the address for typos; if it is right, the domain has no working mail server.',
    },
  ],
  [
    '4.6',
    {
      meaning: 'A mail routing loop was detected.',
      fix: 'Check your relayhost, transport and MX settings: the message came back to a server it had passed.',
    },
  ],
  [
    '4.7',
    {
      meaning: 'The message stayed in the queue too long and expired (delivery time expired).',
      fix: 'Earlier deferrals of the same message say why; fix that cause.',
    },
  ],
  [
    '5.3',
    {
      meaning: 'Too many recipients in one transaction.',
      fix: 'Lower the recipients per message (postfix: smtp_destination_recipient_limit).',
    },
  ],
  [
    '7.0',
    {
      meaning: 'Refused for a security or policy reason the code does not name.',
      fix: "Read the remote's text: it names the reason (a blocklist, reputation, content).",
    },
  ],
  [
    '7.1',
    {
      meaning: 'Delivery not authorized: the remote refused the message by policy.',
      fix: "Read the remote's text: it names the reason (a blocklist, SPF or DKIM, reputation, greylisting when temporary).",
    },
  ],
  [
    '7.20',
    {
      meaning: 'No DKIM signature passed.',
      fix: 'Sign outgoing mail with DKIM and publish the public key at <selector>._domainkey.<domain>.',
    },
  ],
  [
    '7.21',
    {
      meaning: 'No DKIM signature the remote accepts passed (e.g. a key too short).',
      fix: 'Sign with a key of at least 2048 bits, in the From: domain.',
    },
  ],
  [
    '7.22',
    {
      meaning: 'No valid DKIM signature from the From: domain (author-matched).',
      fix: 'Sign with d= set to the From: domain.',
    },
  ],
  [
    '7.23',
    {
      meaning: 'SPF validation failed: the sending IP is not authorized by the domain.',
      fix: 'Add the sending IP (ip4:/ip6:) to the SPF record of the MAIL FROM domain; header-lens check shows the record to publish.',
    },
  ],
  [
    '7.24',
    {
      meaning: 'SPF could not be evaluated (an error in the record or in DNS).',
      fix: 'Check the SPF record: one record, valid syntax, at most 10 DNS lookups (header-lens check DOMAIN).',
    },
  ],
  [
    '7.25',
    {
      meaning:
        'Reverse DNS validation failed: the sending IP has no PTR record, or it does not match.',
      fix: "Ask the IP's owner (your VPS provider) for a PTR record naming your mail server, and make that name resolve back to the IP.",
    },
  ],
  [
    '7.26',
    {
      meaning: 'Several authentication checks failed (SPF, DKIM, DMARC).',
      fix: 'Make SPF pass for the sending IP and sign with DKIM in the From: domain (header-lens check DOMAIN --ip IP).',
    },
  ],
]);

/** When the code has no entry: what its subject (RFC 3463 §3.1-§3.8) is about. */
export const CODE_SUBJECTS: ReadonlyMap<string, string> = new Map([
  ['0', 'an undefined reason'],
  ['1', 'the address'],
  ['2', "the recipient's mailbox"],
  ['3', "the recipient's mail system"],
  ['4', 'the network or routing'],
  ['5', 'the mail delivery protocol'],
  ['6', 'the message content or media'],
  ['7', 'security or policy'],
]);
