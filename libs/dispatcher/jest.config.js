module.exports = { ...require('../../jest.preset.js'), displayName: 'dispatcher-lib', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
