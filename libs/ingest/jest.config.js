module.exports = { ...require('../../jest.preset.js'), displayName: 'ingest-lib', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
