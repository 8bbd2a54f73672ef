module.exports = { ...require('../../jest.preset.js'), displayName: 'delivery-log-lib', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
