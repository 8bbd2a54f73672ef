module.exports = { ...require('../../jest.preset.js'), displayName: 'signer', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
