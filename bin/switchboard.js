#!/usr/bin/env node
// The compiled CLI: `npm install` builds dist/ (prepare), so nothing is transpiled at run time.
// React's production build: the development one checks every render and costs agents' CPU.
process.env.NODE_ENV ??= 'production';
// Ink draws only the last frame when CI or CONTINUOUS_INTEGRATION is set, which would leave
// an agent at a real terminal looking at a blank screen until they quit. A terminal on stdout
// means a person is watching, so those variables must not reach Ink (it reads them on import).
if (process.stdout.isTTY) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
await import('../dist/cli.js');
