module.exports = { ...require('../../jest.preset.js'), displayName: 'signing', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
