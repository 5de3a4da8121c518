import { holdEarlyKeys } from './hold-early-keys.js';

// Imported first by cli.ts, so this runs before commander and the panel's modules load.
holdEarlyKeys();
