import { describe, expect, it } from 'vitest';
import { parsePopupMessage } from '../src/platform/parse-requests.ts';

const query = {
  spf: { domain: 'example.com', clientIp: '192.0.2.145', sender: 'me@example.com', helo: 'mx' },
  fromDomain: 'example.com',
  dkimKeys: ['s1._domainkey.example.com'],
  ptrIp: null,
};

describe('the popup’s watch requests, as the worker checks them', () => {
  it('accepts a start with a valid query and domain, and a stop', () => {
    expect(
      parsePopupMessage({ type: 'popup-bg-watch-start', query, domain: 'Example.COM' }),
    ).toEqual({ type: 'popup-bg-watch-start', query, domain: 'example.com' });
    expect(parsePopupMessage({ type: 'popup-bg-watch-stop' })).toEqual({
      type: 'popup-bg-watch-stop',
    });
  });

  it.each([
    ['a domain that is not a DNS name', { query, domain: '<b>x</b>' }],
    ['no query', { domain: 'example.com' }],
    [
      'a client IP that is not one',
      { query: { ...query, spf: { ...query.spf, clientIp: 'x' } }, domain: 'example.com' },
    ],
  ])('refuses %s', (_, rest) => {
    expect(parsePopupMessage({ type: 'popup-bg-watch-start', ...rest })).toBeNull();
  });
});
