import DrachtioSrf from 'drachtio-srf';
import type { Srf } from './srf-surface.js';

/**
 * The real drachtio-srf, loaded only here (and only when `serve --sip` is
 * used: the server imports this adapter on demand). It is CommonJS; Node's
 * ESM loader gives its module.exports as the default export.
 */
export function createDrachtioSrf(): Srf {
  return new DrachtioSrf() as unknown as Srf;
}
