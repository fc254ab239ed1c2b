// jsdom has no fetch: this environment lends it Node's (with Node's AbortController, which Node's fetch requires).
// It deliberately does not lend TextDecoder/TextEncoder, which jsdom also lacks: the package must not need them.
const { TestEnvironment } = require('jest-environment-jsdom');

module.exports = class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['fetch', 'Request', 'Response', 'Headers', 'AbortController', 'AbortSignal']) {
      this.global[name] = globalThis[name];
    }
  }
};
