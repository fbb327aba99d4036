import { describe, expect, it } from 'vitest';
import { arcSeal, bytes, rsaKey, signDkim, split, testMessage } from './helpers/dkim-signer.ts';
import { verifyWith, type Keys } from './helpers/verify-zone.ts';

/**
 * RFC 8617 chains built in the test: a message signed by example.com, then sealed by three
 * relays in turn (i=1 cv=none, i=2 and i=3 cv=pass), each with its own key.
 */
const sender = rsaKey(2048);
const relays = [rsaKey(2048), rsaKey(2048), rsaKey(2048)] as const;
const domains = ['relay1.example', 'relay2.example', 'relay3.example'];

const KEYS: Keys = {
  's1._domainkey.example.com': sender.record,
  ...Object.fromEntries(domains.map((d, i) => [`arc._domainkey.${d}`, relays[i]?.record ?? ''])),
};

const signed = signDkim(testMessage('Meeting at noon.\r\n'), { key: sender });

/** Seals `message` as instances `from`..`to` (1-based), with cv= as RFC 8617 asks unless given. */
function seal(
  message: string,
  from: number,
  to: number,
  cv: Record<number, 'none' | 'pass' | 'fail'> = {},
): string {
  let m = message;
  for (let i = from; i <= to; i += 1) {
    const key = relays[i - 1];
    if (key === undefined) throw new Error(`no relay ${i}`);
    m = arcSeal(m, {
      instance: i,
      domain: domains[i - 1] ?? '',
      key,
      cv: cv[i] ?? (i === 1 ? 'none' : 'pass'),
      authservId: `mx.${domains[i - 1] ?? ''}`,
      results: `dkim=pass header.d=example.com; arc=${i === 1 ? 'none' : 'pass'}`,
      headers: ['from', 'to', 'subject', 'date', 'message-id', 'dkim-signature'],
    });
  }
  return m;
}

const chain = seal(signed, 1, 3);

async function arc(message: string, keys: Keys = KEYS) {
  return (await verifyWith(bytes(message), keys)).arc;
}

/** The message without the fields `drop` picks. */
function without(message: string, drop: (field: string) => boolean): string {
  const { fields, body } = split(message);
  return `${fields.filter((f) => !drop(f)).join('\r\n')}\r\n\r\n${body}`;
}

describe('an ARC chain of three instances', () => {
  it('verifies: every seal, every message signature; who sealed each instance', async () => {
    const v = await arc(chain);
    expect([v.result, v.reason, v.brokenInstance, v.oldestPass]).toEqual(['pass', null, null, 1]);
    expect(
      v.instances.map((x) => [
        x.instance,
        x.sealedBy,
        x.authservId,
        x.cv,
        x.seal?.result,
        x.messageSignature?.result,
      ]),
    ).toEqual([
      [1, 'relay1.example', 'mx.relay1.example', 'none', 'pass', 'pass'],
      [2, 'relay2.example', 'mx.relay2.example', 'pass', 'pass', 'pass'],
      [3, 'relay3.example', 'mx.relay3.example', 'pass', 'pass', 'pass'],
    ]);
    expect(v.text).toContain('relay3.example');
  });

  it.each([1, 2, 3])(
    'broken at instance %i: its ARC-Authentication-Results changed after it was sealed',
    async (k) => {
      const tampered = chain.replace(
        `i=${k}; mx.relay${k}.example;\r\n\tdkim=pass`,
        `i=${k}; mx.relay${k}.example;\r\n\tdkim=fail`,
      );
      expect(tampered).not.toBe(chain);
      const v = await arc(tampered);
      expect([v.result, v.reason, v.brokenInstance]).toEqual(['fail', 'seal-failed', k]);
      // Seals below k still verify; k's and every later one (they sign set k too) do not.
      expect(v.instances.map((x) => x.seal?.result)).toEqual(
        [1, 2, 3].map((i) => (i < k ? 'pass' : 'fail')),
      );
      expect(v.text).toContain(`relay${k}.example`);
    },
  );

  it('a mailing-list footer added after instance 1: older message signatures fail, the chain still passes', async () => {
    const relayed = seal(
      seal(signed, 1, 1).replace(
        'Meeting at noon.\r\n',
        'Meeting at noon.\r\n-- \r\nlist footer\r\n',
      ),
      2,
      3,
    );
    const v = await arc(relayed);
    expect([v.result, v.oldestPass]).toEqual(['pass', 2]);
    expect(v.instances.map((x) => x.messageSignature?.reason ?? null)).toEqual([
      'body-hash-mismatch',
      null,
      null,
    ]);
  });

  it('the message changed after the last seal: the newest message signature fails, at instance 3', async () => {
    const v = await arc(chain.replace('Subject: Your order', 'Subject: Changed'));
    expect([v.result, v.reason, v.brokenInstance, v.oldestPass]).toEqual([
      'fail',
      'message-signature-failed',
      3,
      null,
    ]);
  });

  it("a sealer's key missing from DNS fails its seal; a DNS failure leaves the chain unchecked", async () => {
    const missing = await arc(chain, { ...KEYS, 'arc._domainkey.relay2.example': 'v=DKIM1; p=' });
    expect([missing.result, missing.reason, missing.brokenInstance]).toEqual([
      'fail',
      'seal-failed',
      2,
    ]);
    const down = await arc(chain, { ...KEYS, 'arc._domainkey.relay2.example': 'SERVFAIL' });
    expect([down.result, down.reason]).toEqual(['temperror', 'not-checked']);
  });
});

describe('RFC 8617 §5.2 structure and cv= rules (decided before any key is fetched)', () => {
  it('a set without its ARC-Message-Signature breaks the chain at that instance', async () => {
    const v = await verifyWith(
      bytes(without(chain, (f) => f.startsWith('ARC-Message-Signature: i=2;'))),
      KEYS,
    );
    expect([v.arc.result, v.arc.reason, v.arc.brokenInstance]).toEqual(['fail', 'structure', 2]);
    expect(v.arc.text).toContain('instance 2: no ARC-Message-Signature');
    expect(v.queries).toEqual(['s1._domainkey.example.com TXT']);
  });

  it('a gap (instances 1 and 3) breaks it at the missing instance', async () => {
    const v = await arc(without(chain, (f) => /^ARC-[A-Za-z-]+: i=2;/.test(f)));
    expect([v.reason, v.brokenInstance]).toEqual(['structure', 2]);
  });

  it('a duplicated ARC-Seal breaks it', async () => {
    const seal1 = split(chain).fields.find((f) => f.startsWith('ARC-Seal: i=1;')) ?? '';
    const v = await arc(`${seal1}\r\n${chain}`);
    expect([v.reason, v.brokenInstance]).toEqual(['structure', 1]);
  });

  it('cv=fail from a sealer: the chain was already broken when it arrived there', async () => {
    const v = await arc(seal(signed, 1, 3, { 3: 'fail' }));
    expect([v.result, v.reason, v.brokenInstance]).toEqual(['fail', 'cv-fail', 3]);
  });

  it('cv=none above instance 1 is invalid', async () => {
    const v = await arc(seal(signed, 1, 3, { 2: 'none' }));
    expect([v.result, v.reason, v.brokenInstance]).toEqual(['fail', 'cv-invalid', 2]);
  });

  it('more than 50 instances (RFC 8617 §4.2.1) fail', async () => {
    const fake = 'ARC-Seal: i=51; a=rsa-sha256; cv=pass; d=relay.example; s=arc; b=AAAA';
    const v = await verifyWith(bytes(`${fake}\r\n${chain}`), KEYS);
    expect([v.arc.result, v.arc.reason]).toEqual(['fail', 'too-many-instances']);
  });

  it('50 instances naming 100 different keys: at most 32 key queries, the rest not looked up', async () => {
    const sets: string[] = [];
    for (let i = 50; i >= 1; i -= 1) {
      sets.push(
        `ARC-Seal: i=${i}; a=rsa-sha256; cv=${i === 1 ? 'none' : 'pass'}; d=relay${i}.example; s=seal${i}; b=AAAA`,
        `ARC-Message-Signature: i=${i}; a=rsa-sha256; c=relaxed/relaxed; d=relay${i}.example; s=ams${i}; h=from; bh=AAAA; b=AAAA`,
        `ARC-Authentication-Results: i=${i}; relay${i}.example; arc=pass`,
      );
    }
    const v = await verifyWith(bytes(`${sets.join('\r\n')}\r\n${signed}`), KEYS);
    expect(v.queries.filter((q) => q.includes('.relay')).length).toBeLessThanOrEqual(32);
    expect(v.arc.instances).toHaveLength(50);
    expect(v.arc.result).toBe('fail');
    const reasons = new Set(v.arc.instances.map((x) => x.seal?.reason));
    expect(reasons).toEqual(new Set(['key-missing', 'not-checked']));
  });

  it('no ARC headers: none', async () => {
    expect((await arc(signed)).result).toBe('none');
  });
});
