import type { Hop } from '../report.ts';
import { phraseOf } from './phrase.ts';
import type { HopView, PathView, Phrase } from './presentation.ts';

/** Delays are drawn against at least this many seconds, so one second is a sliver. */
const MIN_SCALE_SECONDS = 60;

/**
 * The path, oldest first, with the receiving system's internal hops after its inbound one folded
 * into one line (Gmail adds one or two `by 2002:...` hops, Microsoft three or four), protocols in
 * plain words, and delay bars scaled to the longest delay but to no less than a minute.
 */
export function presentPath(hops: readonly Hop[], totalSeconds: number | null): PathView {
  const inbound = hops.findIndex((h) => h.inbound);
  const shown = inbound === -1 ? hops : hops.slice(0, inbound + 1);
  const folded = inbound === -1 ? [] : hops.slice(inbound + 1);
  const longest = Math.max(MIN_SCALE_SECONDS, ...shown.map((h) => Math.abs(h.delaySeconds ?? 0)));
  const views: HopView[] = shown.map((h) => ({
    from: h.from,
    by: h.by,
    ip: h.ip,
    date: h.date,
    protocol: describeProtocol(h.with, h.tls),
    tls: tlsVersion(h.tls),
    delaySeconds: h.delaySeconds,
    bar:
      h.delaySeconds === null || h.delaySeconds <= 0
        ? 0
        : Math.max(2, Math.round((h.delaySeconds / longest) * 100)),
    clockSkew: h.clockSkew,
    inbound: h.inbound,
  }));
  const delays = folded.map((h) => h.delaySeconds).filter((d): d is number => d !== null);
  const last = folded.at(-1);
  return {
    hops: views,
    internal:
      folded.length === 0
        ? null
        : {
            count: folded.length,
            by: last?.by ?? hops[inbound]?.by ?? '?',
            seconds: delays.length === 0 ? null : delays.reduce((a, b) => a + b, 0),
          },
    totalSeconds,
  };
}

/** Protocols in plain words (translated as `protocol_<code>`; views add the TLS version, which
 * HopView.tls holds, in brackets). */
export const PROTOCOL_TEXTS: Readonly<Record<string, string>> = {
  lmtp: 'local delivery (LMTP)',
  http: 'web submission (HTTP)',
  'smtp-auth-tls': 'authenticated, encrypted SMTP',
  'smtp-auth': 'authenticated SMTP, not encrypted',
  'smtp-tls': 'encrypted SMTP',
  smtp: 'SMTP, not encrypted',
  other: '{protocol}',
};

/**
 * RFC 3848 protocol names and TLS details in plain words: `ESMTPS` + `version=TLS1_3` is
 * "encrypted SMTP" with `tls` "TLS 1.3", `ESMTPSA` "authenticated, encrypted SMTP", `LMTP`
 * "local delivery". Views show the TLS version after the words.
 */
export function describeProtocol(protocol: string | null, tls: string | null): Phrase | null {
  if (protocol === null && tls === null) return null;
  const p = (protocol ?? '').split(/[\s/]/)[0]?.toUpperCase() ?? '';
  const encrypted = tls !== null;
  const say = (code: string): Phrase =>
    phraseOf('protocol', PROTOCOL_TEXTS, code, { protocol: protocol ?? '' });
  if (p.startsWith('LMTP')) return say('lmtp');
  if (p.startsWith('HTTP')) return say('http');
  if (/^(ESMTPSA|ESMTPA|UTF8SMTPSA|UTF8SMTPA|SMTPSA)$/.test(p)) {
    return say(encrypted ? 'smtp-auth-tls' : 'smtp-auth');
  }
  if (p.includes('SMTP') || p === 'MICROSOFT' || p === '') {
    return say(encrypted ? 'smtp-tls' : 'smtp');
  }
  return say('other');
}

/** `TLS1_3`, `TLSv1.3`, `TLS1.3` → `TLS 1.3`; `TLS` alone (from the protocol name) → null. */
export function tlsVersion(tls: string | null): string | null {
  if (tls === null) return null;
  const m = /TLS\s*v?(\d)[._](\d)/i.exec(tls);
  if (m !== null) return `TLS ${m[1]}.${m[2]}`;
  const ssl = /SSLv?(\d)/i.exec(tls);
  return ssl === null ? null : `SSL ${ssl[1]}`;
}
