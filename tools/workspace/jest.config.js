module.exports = { ...require('../../jest.preset.js'), displayName: 'workspace-rules', rootDir: __dirname, testMatch: ['<rootDir>/*.spec.ts'], testTimeout: 60_000 };
