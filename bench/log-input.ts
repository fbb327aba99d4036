/**
 * A synthetic postfix mail log for the `log` bench, written once to the temp directory and
 * reused: a server's day, repeated — per message a connect, client, cleanup, queue manager,
 * one delivery and a disconnect line (as postfix writes them), 90% of deliveries sent, 7%
 * deferred (a timed-out MX), 3% bounced by Gmail with its multi-line 5.7.26 reply.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bumped when the generated text changes, so an old file isn't reused. */
const GENERATOR_VERSION = 1;

const G550 =
  'host gmail-smtp-in.l.google.com[142.250.102.27] said: 550-5.7.26 This message does not have authentication information or fails to 550-5.7.26 pass authentication checks. To best protect our users from spam, the 550-5.7.26 message has been blocked. 550 5.7.26 https://support.google.com/mail/answer/81126#authentication a1si123.45 - gsmtp (in reply to end of DATA command)';

export interface SyntheticLog {
  path: string;
  bytes: number;
  /** Lines with status=bounced, as the generator wrote them. */
  bounced: number;
  deferred: number;
  sent: number;
}

function messageLines(i: number): { text: string; status: 'sent' | 'bounced' | 'deferred' } {
  const day = 1 + ((i >> 14) % 28);
  const ts = `Mar ${String(day).padStart(2, ' ')} ${String((i >> 10) % 24).padStart(2, '0')}:${String((i >> 4) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
  const q = (0x4a000000 + i).toString(16).toUpperCase();
  const pid = 2000 + (i % 1000);
  const client = `client${i % 97}.example.org[198.51.100.${i % 250}]`;
  const head = `${ts} mail postfix`;
  const r = i % 100;
  let delivery: string;
  let status: 'sent' | 'bounced' | 'deferred';
  if (r < 3) {
    status = 'bounced';
    delivery = `${head}/smtp[${pid + 1}]: ${q}: to=<u${i % 500}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.26, status=bounced (${G550})`;
  } else if (r < 10) {
    status = 'deferred';
    delivery = `${head}/smtp[${pid + 1}]: ${q}: to=<u${i % 500}@example.net>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.1]:25: Connection timed out)`;
  } else {
    status = 'sent';
    const d = ['com', 'org', 'net'][i % 3] ?? 'com';
    delivery = `${head}/smtp[${pid + 1}]: ${q}: to=<u${i % 500}@example.${d}>, relay=mx.example.${d}[203.0.113.${i % 200}]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${q}X)`;
  }
  const text = [
    `${head}/smtpd[${pid}]: connect from ${client}`,
    `${head}/smtpd[${pid}]: ${q}: client=${client}, sasl_method=PLAIN, sasl_username=user${i % 40}`,
    `${head}/cleanup[${pid + 2}]: ${q}: message-id=<${i}.abc@example.com>`,
    `${head}/qmgr[999]: ${q}: from=<user${i % 40}@example.com>, size=${1000 + (i % 9000)}, nrcpt=1 (queue active)`,
    delivery,
    `${head}/qmgr[999]: ${q}: removed`,
    `${head}/smtpd[${pid}]: disconnect from ${client} ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`,
    '',
  ].join('\n');
  return { text, status };
}

/** The log of about `megabytes` MB, generated on first use. */
export async function syntheticLog(megabytes: number): Promise<SyntheticLog> {
  const dir = join(tmpdir(), 'header-lens-bench');
  mkdirSync(dir, { recursive: true });
  const target = megabytes * 1024 * 1024;
  // Counting what the generator writes takes a pass of its own: the counts follow from i.
  const counts = { bounced: 0, deferred: 0, sent: 0 };
  let bytes = 0;
  let messages = 0;
  while (bytes < target) {
    const m = messageLines(messages);
    bytes += Buffer.byteLength(m.text);
    counts[m.status] += 1;
    messages += 1;
  }
  const path = join(dir, `mail-${megabytes}MB-v${GENERATOR_VERSION}.log`);
  if (!existsSync(path) || statSync(path).size !== bytes) {
    const partial = `${path}.partial`;
    const out = createWriteStream(partial);
    let buffer = '';
    for (let i = 0; i < messages; i += 1) {
      buffer += messageLines(i).text;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer))
          await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        buffer = '';
      }
    }
    await new Promise<void>((resolve, reject) => {
      out.end(buffer, () => resolve());
      out.once('error', reject);
    });
    renameSync(partial, path);
  }
  return { path, bytes, ...counts };
}
