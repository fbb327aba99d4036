/** The resolvers offered by name (a file of its own: the options page and the popup need the
 * names, not the client). */
export const DOH_ENDPOINTS = {
  cloudflare: 'https://cloudflare-dns.com/dns-query',
  google: 'https://dns.google/resolve',
  /** Quad9's JSON API is on another port (:5053); its standard endpoint speaks RFC 8484. */
  quad9: 'https://dns.quad9.net/dns-query',
} as const;

/** A resolver as a watch polls it: the name shown, its URL and the format it is asked in. */
export interface DohEndpoint {
  id: string;
  name: string;
  url: string;
  format: 'json' | 'wire';
}

/** The public resolvers a watch asks (three operators, three caches): the JSON form where it is
 * offered on the standard port, the wire format elsewhere. */
export const WATCH_ENDPOINTS: readonly DohEndpoint[] = [
  { id: 'cloudflare', name: 'Cloudflare', url: DOH_ENDPOINTS.cloudflare, format: 'json' },
  { id: 'google', name: 'Google Public DNS', url: DOH_ENDPOINTS.google, format: 'json' },
  { id: 'quad9', name: 'Quad9', url: DOH_ENDPOINTS.quad9, format: 'wire' },
];
