// Runs bench/fanout.bench.ts with the repo's TypeScript setup: npx jest -c bench/jest.fanout.config.js
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'bench-fanout',
  rootDir: __dirname,
  testMatch: ['<rootDir>/fanout.bench.ts'],
  testTimeout: 900_000,
};
