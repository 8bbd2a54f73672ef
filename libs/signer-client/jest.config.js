module.exports = { ...require('../../jest.preset.js'), displayName: 'signer-client', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
