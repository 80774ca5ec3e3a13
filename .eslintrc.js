module.exports = {
  root: true,
  // Tests run on vitest, whose API mirrors Jest's; eslint-plugin-jest cannot detect a
  // Jest install, so tell it which API version to check against.
  settings: { jest: { version: 29 } },
};
