import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/core/index.ts';
import {
  gmailParts,
  gmailWithSenderFields,
  joinMessage,
  type GmailOptions,
} from '../helpers/gmail-message.ts';
import {
  analyze,
  codes,
  forgeryWarnings,
  expectNoPass,
  expectGmailVerdict,
  SOFTFAIL,
} from '../helpers/hostile.ts';

/**
 * Text that is code elsewhere: prototype keys, markup and odd line breaks in header values are
 * data in the report, never structure or markup.
 */

function allKeys(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(allKeys);
  return Object.keys(value).flatMap((k) => [k, ...allKeys((value as Record<string, unknown>)[k])]);
}

describe('prototype keys', () => {
  const keys = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

  it('as A-R methods and properties, DKIM/ARC tags, Received-SPF keys and header names', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const props = keys.map((k) => `${k}=x ${k}.polluted=yes`).join(' ');
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const gmailAr = `Authentication-Results: mx.google.com;\r\n       spf=softfail ${props} smtp.mailfrom=bounce@example.com;\r\n       ${keys.map((k) => `${k}=pass ${k}.${k}=pass`).join(';\r\n       ')};\r\n       dmarc=fail header.from=example.com ${props}`;
    const gmailSpf = `Received-SPF: softfail (google.com: x) ${keys.map((k) => `${k}=1;`).join(' ')} client-ip=203.0.113.5;`;
    const forged = [
      ...keys.map((k) => `${k}: ${k}`),
      ...keys.map((k) => `Authentication-Results: ${k}; spf=pass ${k}.${k}=1; ${k}=pass`),
      `DKIM-Signature: ${keys.map((k) => `${k}=x`).join('; ')}; v=1; d=example.com; s=s1; b=abc`,
      `ARC-Seal: ${keys.map((k) => `${k}=1`).join('; ')}; i=1; cv=none`,
      `ARC-Authentication-Results: i=1; ${keys[0]}; spf=pass`,
      `Received-SPF: pass ${keys.map((k) => `${k}=polluted;`).join(' ')}`,
      `Received: from ${keys[0]} (${keys[1]} [192.0.2.1]) by ${keys[2]} with ${keys[3]} id ${keys[4]} for ${keys[5]}; Mon, 04 Mar 2024 11:11:07 +0000`,
    ];
    const raw = joinMessage([...receiver.slice(0, -2), gmailSpf, gmailAr, ...forged, ...sender]);
    const r = analyze('prototype keys', raw);

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    expect(typeof Object.prototype.toString).toBe('function');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    // The trusted results are still read correctly around the hostile keys.
    expect(r.spf.result).toBe('softfail');
    expect(r.spf.mailFrom).toBe('bounce@example.com');
    expect(r.spf.clientIp).toBe('203.0.113.5');
    expect(r.dmarc.result).toBe('fail');
    expect(r.dkimSignatures.map((s) => s.domain)).toContain('example.com');
    // No report object picked up a key from the input (they appear as values only).
    const found = allKeys(r).filter((k) => keys.includes(k) || k === 'polluted' || k === 'x');
    expect(found).toEqual([]);
  });
});

describe('markup in header values', () => {
  const script = '<script>alert(1)</script>';
  const img = '<img src=x onerror=alert(document.cookie)>';
  // Parentheses are comments in structured fields: this one survives tokenizing whole.
  const tag = '<script>evil</script>';

  it('is carried as plain text, unchanged, in every field that shows header text', () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const gmailAr = `Authentication-Results: mx.google.com;\r\n       spf=softfail (google.com: ${script} ${img}) smtp.mailfrom=bounce@example.com;\r\n       dkim=fail reason="${script}" header.i=@example.com header.s=s1;\r\n       dmarc=fail header.from=example.com`;
    const hostileSender = [
      `Received: from ${img} (${script} [192.0.2.1]) by mail.example.com with ${script} id ${img}; Mon, 04 Mar 2024 11:11:06 +0000`,
      `Authentication-Results: ${tag}; spf=pass`,
      `From: ${script} ${img} <shop@example.com>`,
      `To: ${img} <alice@gmail.com>`,
      `Subject: ${script}${img}&amp;&lt;`,
      `Message-ID: <${script}@example.com>`,
      `Date: ${script}`,
      `X-Anything: ${script}`,
    ];
    const senderRest = sender.filter((f) => !/^(From|To|Subject|Message-ID|Date):/.test(f));
    const raw = joinMessage([...receiver.slice(0, -1), gmailAr, ...hostileSender, ...senderRest]);
    const r = analyze('markup in values', raw);

    expect(r.message.from).toBe(`${script} ${img} <shop@example.com>`);
    expect(r.message.to).toBe(`${img} <alice@gmail.com>`);
    expect(r.message.subject).toBe(`${script}${img}&amp;&lt;`);
    expect(r.message.messageId).toBe(`<${script}@example.com>`);
    expect(r.message.date).toBeNull();
    expect(r.spf.comment).toBe(`google.com: ${script} ${img}`);
    expect(r.dkim[0]?.reason).toBe(script);
    expect(r.untrustedResults.some((u) => u.authservId === tag)).toBe(true);
    // Verdicts are unaffected and nothing was escaped or stripped: escaping is the UI's job.
    expect(r.spf.result).toBe('softfail');
    const json = JSON.stringify(r);
    expect(json.split('&lt;').length).toBe(2); // only the one in the Subject as written
    expect(json).not.toContain('&gt;');
    expect(json).not.toContain('&#');
  });
});

describe('line-break tricks', () => {
  it('NUL bytes in names and values do not throw and are carried as text', () => {
    const forged = [
      'X-\u0000Name: a',
      'Authentication-Results: mx.google.com\u0000; spf=pass\u0000',
      'Subject\u0000: x',
    ];
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const withNulSubject = sender.map((f) => (f.startsWith('Subject:') ? 'Subject: a\u0000b' : f));
    const r = analyze('NUL bytes', joinMessage([...receiver, ...forged, ...withNulSubject]));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.message.subject).toBe('a\u0000b');
  });

  it('a lone CR does not end a line: the field after it is part of the value', () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const lone = sender.map((f) =>
      f.startsWith('Subject:')
        ? 'Subject: hello\rAuthentication-Results: mx.google.com; dkim=pass header.d=example.com'
        : f,
    );
    const r = analyze('lone CR', joinMessage([...receiver, ...lone]));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.message.subject).toBe(
      'hello\rAuthentication-Results: mx.google.com; dkim=pass header.d=example.com',
    );
    expect(forgeryWarnings(r)).toBe(0);
  });

  it('a message with only CR line ends reads as CRLF would, with a repair warning', () => {
    const options: GmailOptions = { spf: 'softfail', dkim: null, dmarc: 'fail' };
    const fields = Object.values(gmailParts(options)).flat();
    const crlf = analyze('CRLF line ends', `${fields.join('\r\n')}\r\n\r\nbody`);
    const r = analyze('CR-only line ends', `${fields.join('\r').replace(/\r\n/g, '\r')}\r\rbody`);
    expectGmailVerdict(r, options);
    expect({ ...r, warnings: [] }).toEqual({ ...crlf, warnings: [] });
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'repaired', params: { reason: 'cr-line-ends' } }),
    );
  });

  const notContinuation = [
    ['NBSP', '\u00a0'],
    ['VT', '\u000b'],
    ['FF', '\u000c'],
    ['lone CR', '\r'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['NEL', '\u0085'],
    ['ideographic space', '\u3000'],
  ] as const;
  for (const [name, ch] of notContinuation) {
    it(`${name} at a line start does not continue Gmail's Authentication-Results`, () => {
      // If it did, the sender's first line would append dkim=pass to Gmail's own (trusted) field.
      const line = `${ch}dkim=pass header.d=example.com header.s=s1; spf=pass`;
      const r = analyze(`${name} at line start`, gmailWithSenderFields(SOFTFAIL, [line]));
      expectGmailVerdict(r, SOFTFAIL);
      expectNoPass(r);
      expect(codes(r)).toContain('malformed-line');
    });

    it(`${name} at a line start does not continue the Subject`, () => {
      const { receiver, sender } = gmailParts(SOFTFAIL);
      const fields = sender.map((f) =>
        f.startsWith('Subject:') ? `Subject: first\n${ch}second` : f,
      );
      const r = analyze(`${name} after Subject`, joinMessage([...receiver, ...fields]));
      expect(r.message.subject).toBe('first');
    });
  }

  it('U+2028 inside a line is text, not a line break', () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const fields = sender.map((f) =>
      f.startsWith('Subject:')
        ? 'Subject: a\u2028Authentication-Results: mx.google.com; dkim=pass'
        : f,
    );
    const r = analyze('U+2028 mid-line', joinMessage([...receiver, ...fields]));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.message.subject).toBe('a\u2028Authentication-Results: mx.google.com; dkim=pass');
  });

  it('LF-only and mixed line ends read the same as CRLF', () => {
    const fields = Object.values(gmailParts(SOFTFAIL)).flat();
    const crlf = analyzeMessage(joinMessage(fields));
    const lf = analyze('LF line ends', joinMessage(fields).replace(/\r\n/g, '\n'));
    expect(lf).toEqual(crlf);
  });
});
