/**
 * Imported before anything loads Ink: the SSH server's panels are watched by
 * people, so they must draw as `serve --ssh` makes them draw. CI machines
 * export CI, which makes Ink hold every frame back, and under the test runner
 * stdout is no terminal, so chalk would draw no colour (nor bold or inverse).
 */
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
if (process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '1';
export {};
