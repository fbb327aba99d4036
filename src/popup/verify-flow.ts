import type { MessageVerification } from '../core/index.ts';
import type { Consent } from '../platform/data-consent.ts';
import { browser } from '../platform/browser.ts';
import { t } from '../platform/i18n.ts';
import type { PopupToBackground, VerifyAnswer } from '../platform/messages.ts';
import { parseVerifyAnswer } from '../platform/parse-verification.ts';
import type { VerifyControls } from './render-verify.ts';

export interface VerifyFlow {
  /** Starts verification once `consent` is granted (Firefox's data-collection consent, asked
   * for in the click handler, as for "Check current DNS"); ignored while one runs. */
  run(consent: Promise<Consent>): void;
  controls(): VerifyControls;
}

/**
 * "Verify signatures now" in the popup: asks the background to verify the message in `tabId`
 * (verify-tab.ts), says it is busy meanwhile, then hands the answer to `onVerified`, which merges
 * it into the report shown. `redraw` is called on every change of state. A failure says so in the
 * status line; nothing is merged then, so a failed check never reads as a result.
 */
export function createVerifyFlow(options: {
  tabId: number;
  resolverName: string;
  consentText: (answer: Exclude<Consent, 'granted'>) => string;
  onVerified: (verification: MessageVerification) => void;
  redraw: () => void;
  /** Called by `controls().onVerify`, i.e. by a click: asks for consent at once. */
  requestConsent: () => Promise<Consent>;
}): VerifyFlow {
  let busy = false;
  let status: string | null = null;
  let fallback: VerifyControls['fallback'] = null;
  const flow: VerifyFlow = {
    run(consent) {
      if (busy) return;
      busy = true;
      status = t('verifying', { resolver: options.resolverName });
      options.redraw();
      void consent
        .then(async (answer): Promise<void> => {
          if (answer !== 'granted') {
            status = options.consentText(answer);
            return;
          }
          const result = await ask(options.tabId);
          if (!result.ok) {
            status = t('verifyFailed', { error: result.error });
            return;
          }
          status = null;
          fallback = result.fallback;
          options.onVerified(result.verification);
        })
        .finally(() => {
          busy = false;
          options.redraw();
        });
    },
    controls() {
      return {
        onVerify: () => flow.run(options.requestConsent()),
        busy,
        status,
        fallback,
        resolverName: options.resolverName,
      };
    },
  };
  return flow;
}

async function ask(tabId: number): Promise<VerifyAnswer> {
  const request: PopupToBackground = { type: 'popup-bg-verify', tabId };
  const reply: unknown = await browser.runtime.sendMessage(request).catch((error: unknown) => ({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  }));
  return parseVerifyAnswer(reply) ?? { ok: false, error: 'the background page gave no answer' };
}
