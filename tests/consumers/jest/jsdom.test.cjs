/**
 * @jest-environment ./jsdom-with-fetch.cjs
 */
// Jest, jsdom environment (no TextDecoder, no fetch): the package loads; the test lends jsdom Node's fetch, as any
// jsdom test of code that calls fetch must.
const pkg = require('hostup-backups');
const { scenario, EXPECTED } = require('./scenario.cjs');

test('the package works under Jest (jsdom)', async () => {
  expect(typeof document).toBe('object');
  const result = await scenario(pkg, { baseUrl: process.env.HOSTUP_URL, key: process.env.HOSTUP_KEY, tag: 'jest-jsdom' });
  expect(result).toEqual(EXPECTED);
});
