module.exports = { ...require('../../jest.preset.js'), displayName: 'delivery-log', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
