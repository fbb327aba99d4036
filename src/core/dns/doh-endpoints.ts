/** The two resolvers offered by name (a file of its own: the options page and the popup need the
 * names, not the client). */
export const DOH_ENDPOINTS = {
  cloudflare: 'https://cloudflare-dns.com/dns-query',
  google: 'https://dns.google/resolve',
} as const;
