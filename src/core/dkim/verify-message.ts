import { fill } from '../fill-template.ts';
import type { Resolver } from '../dns/resolver.ts';
import { LIMITS } from '../limits.ts';
import { LIVE_DEADLINE_MS, withDeadline } from '../live/check-live.ts';
import { parseDkimSignature } from '../parse/parse-dkim-signature.ts';
import { buildSignedData } from './build-signed-data.ts';
import { checkSignature, type CheckContext } from './check-signature.ts';
import { createBodyHasher } from './create-body-hasher.ts';
import type { DkimCrypto } from './dkim-crypto.ts';
import { DKIM_LIMITS } from './dkim-limits.ts';
import { latin1 } from './latin1.ts';
import { lookUpKey, type KeyLookup } from './look-up-key.ts';
import { parseSignatureTags } from './parse-signature-tags.ts';
import { prepareMessage } from './prepare-message.ts';
import { splitMessage } from './split-message.ts';
import { verifyArcChain, type ArcChainCheck } from './verify-arc-chain.ts';
import { ARC_TEXTS, VERIFY_TEXTS } from './verify-texts.ts';
import type {
  ArcVerification,
  DkimVerification,
  SignatureCheck,
  VerifyInput,
  VerifySource,
} from './verify-types.ts';

export interface VerifyOptions {
  /** What `raw` is (see prepareMessage): 'eml' and 'download' bytes are used as given, 'pre'
   * text has its line ends rebuilt. */
  source: VerifySource;
  /** Keys are read from current DNS through it (the extension's and CLI's DoH resolver). */
  resolver: Resolver;
  /** Shown as "via <resolver>" beside the results, e.g. `Cloudflare (https://…)`. */
  resolverName: string;
  crypto: DkimCrypto;
  /** Milliseconds since the epoch; x= is compared with it. Default Date.now. */
  now?: () => number;
  /** Bound on all DNS queries together (default LIVE_DEADLINE_MS). */
  deadlineMs?: number;
  /** Called after each signature (and the ARC chain, counted as one) is done. */
  onProgress?: (done: number, total: number) => void;
  /** Default DKIM_LIMITS.messageBytes. */
  capBytes?: number;
}

/** One DKIM-Signature field, with d= and s= read as the analyzer reads them (to find its
 * `report.dkim[i]`). */
export interface SignatureVerification {
  domain: string | null;
  selector: string | null;
  verify: DkimVerification;
}

export interface MessageVerification {
  input: VerifyInput;
  /** Every DKIM-Signature field, topmost first (up to LIMITS.authResultsFields). */
  signatures: SignatureVerification[];
  arc: ArcVerification;
  checkedAt: string;
  resolver: string;
}

/**
 * Verifies every DKIM signature and the ARC chain of a whole message (header and body) against
 * the keys in current DNS: RFC 6376 §6 and RFC 8617 §5.2, with crypto and DNS passed in. The
 * result is JSON-serializable, so a service worker can compute it and a popup merge it
 * (`withVerification`). Never rejects.
 */
export async function verifyMessage(
  raw: Uint8Array | string,
  options: VerifyOptions,
): Promise<MessageVerification> {
  const now = options.now ?? Date.now;
  const checkedAt = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const meta = { checkedAt, resolver: options.resolverName };
  const prepared = prepareMessage(raw, options.source, options.capBytes);
  const message = splitMessage(prepared.bytes);
  const input = prepared.input;
  const resolver = withDeadline(options.resolver, options.deadlineMs ?? LIVE_DEADLINE_MS, now);

  const keys = new Map<string, Promise<KeyLookup>>();
  const body =
    input.truncated || message.truncated
      ? null
      : message.bodyStart === null
        ? new Uint8Array(0)
        : prepared.bytes.subarray(message.bodyStart);
  const ctx: CheckContext = {
    crypto: options.crypto,
    now: now(),
    approximations: input.approximations.join(', '),
    copy:
      input.source === 'pre'
        ? 'the Show original text'
        : typeof raw === 'string'
          ? 'text'
          : 'a file without CR line ends',
    bodyHash: createBodyHasher(
      body,
      `the message is larger than ${Math.round(input.capBytes / 1024 / 1024)} MiB, the most Header Lens verifies`,
      options.crypto,
    ),
    key(domain, selector) {
      const name = `${selector}._domainkey.${domain}`;
      let lookup = keys.get(name);
      if (lookup === undefined) {
        if (keys.size >= DKIM_LIMITS.keyLookups) {
          return Promise.resolve({
            status: 'limit',
            problem: `the message names more than ${DKIM_LIMITS.keyLookups} different keys; the others were not looked up`,
          });
        }
        lookup = lookUpKey(resolver, name);
        keys.set(name, lookup);
      }
      return lookup;
    },
  };

  const fields = message.fields
    .map((field, index) => ({ field, index }))
    .filter((x) => x.field.key === 'dkim-signature')
    .slice(0, LIMITS.authResultsFields);
  const hasArc = message.byKey.has('arc-seal') || message.byKey.has('arc-message-signature');
  const total = fields.length + (hasArc ? 1 : 0);
  let done = 0;
  const progress = (): void => {
    done += 1;
    options.onProgress?.(done, total);
  };

  const signatures = await Promise.all(
    fields.map(async ({ field, index }, n): Promise<SignatureVerification> => {
      const utf8 = new TextDecoder().decode(prepared.bytes.subarray(field.colon + 1, field.end));
      const named = parseDkimSignature(utf8);
      let check: SignatureCheck;
      if (message.truncated) check = notChecked(headerWhy());
      else if (n >= DKIM_LIMITS.signatures)
        check = notChecked(`only the topmost ${DKIM_LIMITS.signatures} signatures are verified`);
      else {
        const tags = parseSignatureTags(latin1(prepared.bytes, field.colon + 1, field.end), 'dkim');
        check = await checkSignature(ctx, tags, () =>
          buildSignedData(
            message,
            index,
            'problem' in tags ? [] : tags.signedHeaders,
            'problem' in tags ? 'relaxed' : tags.headerCanon,
          ),
        ).catch((error: unknown) => notChecked(describe(error)));
      }
      progress();
      return { domain: named.domain, selector: named.selector, verify: { ...check, ...meta } };
    }),
  );

  let arc: ArcChainCheck;
  if (message.truncated) arc = arcNotChecked(headerWhy());
  else
    arc = await verifyArcChain(message, ctx).catch((error: unknown) =>
      arcNotChecked(describe(error)),
    );
  if (hasArc) progress();
  return { input, signatures, arc: { ...arc, ...meta }, ...meta };
}

function headerWhy(): string {
  return `the header section is larger than ${LIMITS.headerSectionChars} bytes or has more than ${LIMITS.headerFields} fields`;
}

function describe(error: unknown): string {
  return `an unexpected error (${error instanceof Error ? error.message : String(error)})`;
}

function notChecked(why: string): SignatureCheck {
  const params = { why };
  return {
    result: 'neutral',
    reason: 'not-checked',
    text: fill(VERIFY_TEXTS['not-checked'], params),
    params,
    algorithm: null,
    canonicalization: null,
    bodyHash: null,
    headerSignature: null,
    key: null,
    approximate: false,
    notes: [],
  };
}

function arcNotChecked(why: string): ArcChainCheck {
  const params = { problem: why };
  return {
    result: 'neutral',
    reason: 'not-checked',
    text: fill(ARC_TEXTS['not-checked'], params),
    params,
    brokenInstance: null,
    oldestPass: null,
    instances: [],
    approximate: false,
  };
}
