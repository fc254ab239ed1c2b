/**
 * @jest-environment node
 */
// Jest, node environment: require by name, as a Jest user's test file does.
const pkg = require('hostup-backups');
const { scenario, EXPECTED } = require('./scenario.cjs');

test('the package works under Jest (node)', async () => {
  const result = await scenario(pkg, { baseUrl: process.env.HOSTUP_URL, key: process.env.HOSTUP_KEY, tag: 'jest-node' });
  expect(result).toEqual(EXPECTED);
});
