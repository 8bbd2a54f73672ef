module.exports = { ...require('../../jest.preset.js'), displayName: 'signer-lib', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
