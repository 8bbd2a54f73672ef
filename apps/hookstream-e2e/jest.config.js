// End-to-end tests: the real services against the machine's NATS JetStream and Postgres. Each file gets its
// own HOOKSTREAM_PREFIX (streams, subjects) and its own database, and removes both afterwards.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hookstream-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};
