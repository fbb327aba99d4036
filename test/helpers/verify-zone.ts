/**
 * Running local verification in tests: key records served through the DoH test handler (so TXT
 * strings are split and joined as a real resolver's are), WebCrypto from Node, a fixed clock,
 * and Gmail's trace block to put the receiver's verdict above a signed message.
 */
import {
  createWebCryptoDkim,
  verifyMessage,
  type MessageVerification,
  type VerifyOptions,
} from '../../src/core/index.ts';
import { zoneResolver, type DohLog, type Zone } from './doh-server.ts';

export const webCrypto = createWebCryptoDkim(globalThis.crypto.subtle);

/** 2026-11-27T12:00:00Z: after every t= the tests write (1700000000 is 2023-11-14). */
export const NOW = Date.UTC(2026, 10, 27, 12);

/** A TXT record in presentation form, split into 255-byte quoted strings (RFC 1035 §3.3.14). */
export function txtData(record: string): string {
  const chunks = record.match(/[\s\S]{1,255}/g) ?? [''];
  return chunks.map((c) => `"${c.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(' ');
}

/** Key names → one TXT record, several, or a failure the DoH handler produces. */
export type Keys = Record<string, string | string[] | 'SERVFAIL' | 'TIMEOUT'>;

export function keyZone(keys: Keys): Zone {
  const zone: Zone = {};
  for (const [name, value] of Object.entries(keys)) {
    zone[name] =
      value === 'SERVFAIL' || value === 'TIMEOUT'
        ? value
        : (Array.isArray(value) ? value : [value]).map((r) => ({ type: 'TXT', data: txtData(r) }));
  }
  return zone;
}

export async function verifyWith(
  raw: Uint8Array | string,
  keys: Keys,
  options: Partial<VerifyOptions> = {},
): Promise<MessageVerification & { queries: string[] }> {
  const log: DohLog = { queries: [] };
  const result = await verifyMessage(raw, {
    source: 'eml',
    resolver: zoneResolver(keyZone(keys), log),
    resolverName: 'test resolver',
    crypto: webCrypto,
    now: () => NOW,
    ...options,
  });
  return { ...result, queries: log.queries };
}

/**
 * Gmail's fields above a message as delivered (as in test/fixtures/): its inbound Received and the
 * Authentication-Results naming `dkim` (e.g. `dkim=pass header.i=@example.com header.s=s1`).
 */
export function delivered(message: string, dkim: string): string {
  return [
    'Received: from mail.example.com (mail.example.com. [203.0.113.5])',
    '        by mx.google.com with ESMTPS id a1-20020a05600c000100b0041234567sor1234567wmq.12',
    '        for <alice@gmail.com>',
    '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);',
    '        Mon, 04 Mar 2024 03:11:08 -0800 (PST)',
    'Received-SPF: pass (google.com: domain of bounce@example.com designates 203.0.113.5 as permitted sender) client-ip=203.0.113.5;',
    'Authentication-Results: mx.google.com;',
    `       ${dkim};`,
    '       spf=pass (google.com: domain of bounce@example.com designates 203.0.113.5 as permitted sender) smtp.mailfrom=bounce@example.com;',
    '       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com',
    message,
  ].join('\r\n');
}
