/**
 * Gmail's "Download original" of the message a Show original page shows: the same path and
 * account (`/mail/u/<N>/`), the same `ik` and message id, with
 * `view=att&attid=0&disp=comp&safe=1&zw` in place of `view=om`. Show original is
 * `?ik=<key>&view=om&permmsgid=msg-f:<decimal id>`, or in older links `&th=<hex>` (and
 * `&msg=<hex>`); the id is carried over as it was given. Null when the page's URL names no
 * message (the download would not be of the same one).
 */
export function downloadOriginalUrl(showOriginalHref: string): string | null {
  let url: URL;
  try {
    url = new URL(showOriginalHref);
  } catch {
    return null;
  }
  if (url.origin !== 'https://mail.google.com' || !url.pathname.startsWith('/mail/')) return null;
  const query = url.searchParams;
  if (query.get('view') !== 'om') return null;
  const params: [string, string][] = [];
  const ik = query.get('ik');
  if (ik !== null) params.push(['ik', ik]);
  params.push(['view', 'att']);
  let id = false;
  for (const name of ['permmsgid', 'th', 'msg']) {
    const value = query.get(name);
    if (value !== null && value !== '') {
      params.push([name, value]);
      id = true;
    }
  }
  if (!id) return null;
  params.push(['attid', '0'], ['disp', 'comp'], ['safe', '1']);
  // `msg-f:<id>` keeps its colon, as in Gmail's own links.
  const search = params
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%3A/gi, ':')}`)
    .join('&');
  // `zw` is a flag without a value, as Gmail's own link writes it.
  return `${url.origin}${url.pathname}?${search}&zw`;
}
