#!/usr/bin/env node
// The compiled CLI: `npm install` builds dist/ (prepare), so nothing is transpiled at run time.
import '../dist/cli.js';
