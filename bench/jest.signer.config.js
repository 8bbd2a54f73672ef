// Runs bench/signer-cost.bench.ts with the repo's TypeScript setup: npx jest -c bench/jest.signer.config.js
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'bench-signer',
  rootDir: __dirname,
  testMatch: ['<rootDir>/signer-cost.bench.ts'],
  testTimeout: 300_000,
};
