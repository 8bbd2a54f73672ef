// Unit specs of the bench's own logic (settings, target verdicts, chart): npx jest -c bench/jest.unit.config.js
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'bench-unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.spec.ts'],
};
