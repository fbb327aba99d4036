/**
 * `header-lens check DOMAIN [--ip IP] [--helo NAME] [--selector S]… [--doh URL] [--json]`:
 * before sending, ask current DNS whether mail from IP would pass SPF for DOMAIN (and the merged
 * record to publish when not), DMARC, each DKIM selector's key, the IP's reverse DNS and the
 * HELO name's SPF. The checks are the core's (`checkDomain`, the popup's "Check current DNS").
 * Exit codes: 0 SPF passes for the IP (without --ip: the record is usable) and every asked key
 * is published and usable; 1 otherwise, DNS that couldn't be read included; 2 usage.
 */
import { checkDomain, parseDomainQuery } from '../core/check/index.ts';
import {
  checkedAtNow,
  DEFAULT_DOH,
  DOH_USAGE,
  dohOption,
  dohResolver,
  type DohChoice,
} from './doh-option.ts';
import { renderCheck } from './render-check.ts';
import { colorWanted, safeJson } from './terminal.ts';

export const CHECK_USAGE = `Usage: header-lens check DOMAIN [--ip IP] [--helo NAME] [--selector S]… [--doh URL]
                        [--json] [--no-color]

Before you send: asks current DNS (over DNS-over-HTTPS) whether mail from IP would pass SPF for
DOMAIN now — the matching mechanism, the lookups used of 10, and when it doesn't, the merged
record to publish — then DOMAIN's DMARC record and policy, each DKIM selector's key, the IP's
reverse DNS and whether it resolves back, and the HELO name's own SPF.

  DOMAIN         the MAIL FROM (Return-Path) domain, which is usually the From: domain
  --ip IP        the address your server sends from (postfix: the address it connects from;
                 check IPv6 too if the server has one); without it only the record is read
  --helo NAME    the name your server gives in HELO/EHLO (postfix: smtp_helo_name, myhostname)
  --selector S   a DKIM selector (the s= your signer uses); repeat for each one
  --doh URL      cloudflare (default), google, quad9, or a DoH URL (https://…, http://… local;
                 RFC 8484 wire format, json:URL for the JSON form)
  --json         print the result as JSON only (README.md: "header-lens check --json")
  --no-color     plain text (also when NO_COLOR is set or output is not a terminal)
  -h, --help     this text

Only names are sent to the resolver: DOMAIN, _dmarc.DOMAIN, S._domainkey.DOMAIN, the names
the SPF record refers to, the HELO name and the IP's reverse name.

Exit status: 0 SPF passes for IP (without --ip: DOMAIN has one usable record) and every
selector has a usable key, 1 otherwise (also when DNS couldn't be read), 2 usage.
`;

interface Options {
  domain: string;
  ip: string | null;
  helo: string | null;
  selectors: string[];
  json: boolean;
  color: boolean;
  doh: DohChoice;
}

export async function check(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    if (parsed === 'help') process.stdout.write(CHECK_USAGE);
    else process.stderr.write(`header-lens check: ${parsed}\n\n${CHECK_USAGE}`);
    return parsed === 'help' ? 0 : 2;
  }
  const query = parseDomainQuery(parsed);
  if ('problem' in query) {
    process.stderr.write(`header-lens check: ${query.problem}\n`);
    return 2;
  }
  const { resolver, resolverName } = dohResolver(parsed.doh);
  const result = await checkDomain(query, resolver, {
    resolver: resolverName,
    checkedAt: checkedAtNow(),
  });
  process.stdout.write(
    parsed.json
      ? safeJson(result)
      : renderCheck(result, { color: parsed.color, width: process.stdout.columns ?? 100 }),
  );
  return result.verdict.passes ? 0 : 1;
}

function parseArgs(argv: readonly string[]): Options | string {
  let domain: string | null = null;
  let ip: string | null = null;
  let helo: string | null = null;
  const selectors: string[] = [];
  let json = false;
  let color = colorWanted(process.stdout);
  let doh = DEFAULT_DOH;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const value = (): string | null => {
      const v = argv[i + 1];
      i += 1;
      return v === undefined || v.startsWith('--') ? null : v;
    };
    if (arg === '--ip') {
      ip = value();
      if (ip === null) return '--ip needs an address';
    } else if (arg === '--helo') {
      helo = value();
      if (helo === null) return '--helo needs a host name';
    } else if (arg === '--selector' || arg === '-s') {
      const s = value();
      if (s === null) return '--selector needs a selector';
      selectors.push(...s.split(',').filter((x) => x.length > 0));
    } else if (arg === '--doh') {
      const v = argv[i + 1];
      i += 1;
      const chosen = v === undefined ? null : dohOption(v);
      if (chosen === null) return `${DOH_USAGE}, not ${v ?? 'nothing'}`;
      doh = chosen;
    } else if (arg === '--json') json = true;
    else if (arg === '--no-color') color = false;
    else if (arg === '-h' || arg === '--help') return 'help';
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (domain !== null) return 'one DOMAIN at a time';
    else domain = arg;
  }
  if (domain === null) return 'which DOMAIN? (header-lens check example.com --ip 203.0.113.5)';
  return { domain, ip, helo, selectors, json, color, doh };
}
