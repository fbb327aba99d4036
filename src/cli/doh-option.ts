import { createDohResolver, DOH_ENDPOINTS, type Resolver } from '../core/index.ts';

/** The DNS-over-HTTPS resolver a command sends names to, as `--doh` names it. */
export interface DohChoice {
  /** Shown as "via …": `Cloudflare`, `Google`, or the URL's host. */
  name: string;
  url: string;
}

export const DEFAULT_DOH: DohChoice = { name: 'Cloudflare', url: DOH_ENDPOINTS.cloudflare };

export const DOH_USAGE = '--doh needs cloudflare, google or an http(s) URL';

/** `cloudflare`, `google`, or an `https://` (or, for a local endpoint, `http://`) JSON DoH URL. */
export function dohOption(value: string): DohChoice | null {
  if (value === 'cloudflare') return DEFAULT_DOH;
  if (value === 'google') return { name: 'Google', url: DOH_ENDPOINTS.google };
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return { name: url.host, url: value };
  } catch {
    return null;
  }
}

export function dohResolver(choice: DohChoice): { resolver: Resolver; resolverName: string } {
  return {
    resolver: createDohResolver({ endpoint: choice.url, fetch: (url, init) => fetch(url, init) }),
    resolverName: `${choice.name} (${choice.url})`,
  };
}

/** Now, as the live checks label their results: ISO 8601 UTC to the second. */
export function checkedAtNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
