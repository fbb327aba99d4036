/**
 * Gmail's Show original URL (docs/gmail-pages.md):
 * https://mail.google.com/mail/u/<N>/?ik=<key>&view=om&permmsgid=msg-f:<id> (older forms: &th=).
 * Shared by the content script (to do nothing elsewhere) and the popup (to tell "reload the page"
 * from "not a Show original page").
 */
export function isShowOriginalUrl(href: string): boolean {
  try {
    const url = new URL(href);
    return (
      url.origin === 'https://mail.google.com' &&
      url.pathname.startsWith('/mail/') &&
      url.searchParams.get('view') === 'om'
    );
  } catch {
    return false;
  }
}
