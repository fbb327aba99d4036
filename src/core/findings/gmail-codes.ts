/**
 * Gmail's SMTP enhanced status codes that concern authentication, with what each means and the
 * usual fix (Google's "SMTP errors and codes", https://support.google.com/a/answer/3726730, and its
 * sender guidelines). Keyed by
 * enhanced code; `replyClass` limits an entry to 4xx or 5xx replies where Gmail uses both.
 */
export interface CodeInfo {
  meaning: string;
  fix: string;
}

export const GMAIL_CODES: ReadonlyMap<string, CodeInfo> = new Map([
  [
    '5.7.26',
    {
      meaning:
        "Gmail rejected the message as unauthenticated: neither SPF nor DKIM passed, or SPF hard-failed (-all), or the domain's DMARC policy said reject.",
      fix: "Make SPF pass for the sending IP (add it to the domain's SPF record) and sign with DKIM using the From: domain; then check DMARC alignment. Send a test and open it with Show original.",
    },
  ],
  [
    '5.7.27',
    {
      meaning: 'SPF did not pass for the sending IP.',
      fix: "Add the sending server's IP (ip4:/ip6:) or the provider's include: to the SPF record of the MAIL FROM domain.",
    },
  ],
  [
    '5.7.30',
    {
      meaning: 'DKIM did not pass.',
      fix: 'Sign outgoing mail with DKIM and publish the public key at <selector>._domainkey.<domain>; check nothing rewrites the message after signing.',
    },
  ],
  [
    '5.7.25',
    {
      meaning: 'The sending IP has no PTR (reverse DNS) record, or it does not match.',
      fix: "Ask the IP's owner (your VPS provider) to set a PTR record naming your mail server, and make that name resolve back to the same IP.",
    },
  ],
  [
    '4.7.23',
    {
      meaning: 'The sending IP has no PTR (reverse DNS) record, or it does not match (temporary).',
      fix: 'Set a PTR record for the sending IP and a matching A/AAAA record for that name.',
    },
  ],
  [
    '4.7.26',
    {
      meaning:
        'Rate limited because the message is unauthenticated, or DMARC could not be checked because of a DNS failure.',
      fix: "Authenticate with SPF or DKIM; if you already do, check that the domain's DNS answers TXT queries reliably.",
    },
  ],
  [
    '4.7.24',
    {
      meaning: 'The SPF record has suspicious entries (temporary).',
      fix: 'Remove entries that do not belong (very wide ranges, +all, unrelated includes) from the SPF record.',
    },
  ],
  [
    '5.7.24',
    {
      meaning: 'The SPF record has suspicious entries.',
      fix: 'Remove entries that do not belong (very wide ranges, +all, unrelated includes) from the SPF record.',
    },
  ],
  [
    '4.7.29',
    {
      meaning: 'Gmail requires TLS for this sender.',
      fix: 'Enable TLS for outgoing mail (postfix: smtp_tls_security_level = may).',
    },
  ],
  [
    '4.7.32',
    {
      meaning: 'The From: domain is not aligned with the SPF or DKIM domain.',
      fix: 'Send with a MAIL FROM (Return-Path) in the From: domain, or sign DKIM with d= set to the From: domain.',
    },
  ],
  [
    '4.7.40',
    {
      meaning: 'The From: domain has no DMARC record (bulk-sender requirement).',
      fix: 'Publish a DMARC record at _dmarc.<domain>, starting with v=DMARC1; p=none; rua=mailto:...',
    },
  ],
  [
    '5.7.1',
    {
      meaning: 'Gmail blocked the message (policy, content or sender reputation).',
      fix: 'Read the text after the code: it names the reason. Authentication problems have their own codes.',
    },
  ],
]);
