module.exports = { ...require('../../jest.preset.js'), displayName: 'dispatcher', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
