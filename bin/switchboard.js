#!/usr/bin/env node
// The compiled CLI: `npm install` builds dist/ (prepare), so nothing is transpiled at run time.
// React's production build: the development one checks every render and costs agents' CPU.
process.env.NODE_ENV ??= 'production';
await import('../dist/cli.js');
