// Node, CommonJS: `require` by name.
const pkg = require('hostup-backups');
const { runInNode } = require('./scenario.cjs');

runInNode(pkg, process.env.TAG || 'node-cjs').catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
