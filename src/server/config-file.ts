import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '../core/config/parse.js';
import type { Config } from '../core/config/schema.js';

/** Read and validate a YAML or JSON configuration file. */
export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    // The option to fix is named: a newcomer's first serve is often run from another directory than the file's.
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist; give --config the path of your YAML or JSON configuration' : (e as Error).message;
    throw new ConfigError(file, [{ path: '', message: `cannot be read: ${reason}` }]);
  }
  return parseConfig(text, file);
}
