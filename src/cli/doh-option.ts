import { createDohResolver, DOH_ENDPOINTS, type DohFormat, type Resolver } from '../core/index.ts';

/** The DNS-over-HTTPS resolver a command sends names to, as `--doh` names it. */
export interface DohChoice {
  /** Shown as "via …": `Cloudflare`, `Google`, `Quad9`, or the URL's host. */
  name: string;
  url: string;
  /** JSON for the resolvers that offer it; RFC 8484 wire format for any other URL. */
  format: DohFormat;
}

export const DEFAULT_DOH: DohChoice = {
  name: 'Cloudflare',
  url: DOH_ENDPOINTS.cloudflare,
  format: 'json',
};

export const DOH_USAGE = '--doh needs cloudflare, google, quad9 or an http(s) URL';

/**
 * `cloudflare`, `google`, `quad9`, or an `https://` (or, for a local endpoint, `http://`) DoH
 * URL, asked in the RFC 8484 wire format every DoH server speaks; `json:<URL>` asks a URL in
 * the JSON form instead.
 */
export function dohOption(value: string): DohChoice | null {
  if (value === 'cloudflare') return DEFAULT_DOH;
  if (value === 'google') return { name: 'Google', url: DOH_ENDPOINTS.google, format: 'json' };
  if (value === 'quad9') return { name: 'Quad9', url: DOH_ENDPOINTS.quad9, format: 'wire' };
  const json = value.startsWith('json:');
  const text = json ? value.slice('json:'.length) : value;
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return { name: url.host, url: text, format: json ? 'json' : 'wire' };
  } catch {
    return null;
  }
}

export function dohResolver(choice: DohChoice): { resolver: Resolver; resolverName: string } {
  return {
    resolver: createDohResolver({
      endpoint: choice.url,
      format: choice.format,
      fetch: (url, init) => fetch(url, init),
    }),
    resolverName: `${choice.name} (${choice.url})`,
  };
}

/** Now, as the live checks label their results: ISO 8601 UTC to the second. */
export function checkedAtNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
