module.exports = { ...require('../jest.preset.js'), displayName: 'deploy', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.spec.ts'] };
