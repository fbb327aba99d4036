import {
  createWebCryptoDkim,
  verifyMessage,
  type DkimCrypto,
  type Resolver,
} from '../core/index.ts';
import { browser } from '../platform/browser.ts';
import type { BackgroundToContentRequest, VerifyAnswer } from '../platform/messages.ts';
import { parseOriginalRead } from '../platform/parse-verification.ts';
import { loadSettings, resolverOf } from '../platform/settings.ts';

/** WebCrypto of the service worker (Ed25519 where the browser has it: Chrome 137, Firefox 129;
 * the core says "not supported in this browser" where it has not). */
let crypto: DkimCrypto | null = null;

/**
 * "Verify signatures now" for the Show original page in `tabId`: its content script reads the
 * whole message (Gmail's "Download original", else the page's text), and the core verifies each
 * DKIM signature and the ARC chain with the keys in current DNS, through the same resolver and
 * settings as "Check current DNS". Only key names (`<s>._domainkey.<d>`) reach the resolver; the
 * message itself never leaves the browser. The popup asked for consent first (Firefox).
 */
export async function verifyTab(
  tabId: number,
  resolverFor: (url: string) => Resolver,
): Promise<VerifyAnswer> {
  try {
    const request: BackgroundToContentRequest = { type: 'bg-content-read-original' };
    const reply: unknown = await browser.tabs
      .sendMessage(tabId, request, { frameId: 0 })
      .catch(() => null);
    const read = parseOriginalRead(reply);
    if (read === null)
      return { ok: false, error: 'the Show original page did not answer; reload it and try again' };
    if (read.source === 'none') return { ok: false, error: 'the page holds no message to verify' };
    const raw = read.source === 'download' ? fromBase64(read.base64) : read.text;
    if (raw === null) return { ok: false, error: 'the page sent an unreadable copy' };
    const { name, url } = resolverOf(await loadSettings());
    crypto ??= createWebCryptoDkim(globalThis.crypto.subtle);
    const verification = await verifyMessage(raw, {
      source: read.source,
      resolver: resolverFor(url),
      resolverName: `${name} (${url})`,
      crypto,
    });
    // A download cut at the cap: its real size, when Gmail said it.
    if (read.source === 'download' && read.truncated && read.totalBytes !== null)
      verification.input.totalBytes = read.totalBytes;
    return {
      ok: true,
      verification,
      fallback: read.source === 'pre' ? { failure: read.failure, detail: read.detail } : null,
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The download's bytes: the worker's atob (native, fast on 40 MB), null when it is not base64. */
function fromBase64(base64: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}
