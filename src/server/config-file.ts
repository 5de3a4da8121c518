import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../core/config/parse.js';
import type { Config } from '../core/config/schema.js';

/** The demo's configuration, shipped beside dist/ and src/: a complete one to start from. */
const DEMO_CONFIG = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));

/**
 * A configuration file that could not be read at all. It was reported as a
 * CONFIG_INVALID with "(top level): cannot be read", as if the file had a
 * mistake at its top; there is no file to correct, so it says where it looked
 * (the full path: a newcomer's first serve is often run from another
 * directory than the file's) and where a configuration to start from is.
 */
export class ConfigFileUnreadable extends Error {
  constructor(
    readonly code: 'CONFIG_NOT_FOUND' | 'CONFIG_UNREADABLE',
    message: string,
  ) {
    super(message);
    this.name = 'ConfigFileUnreadable';
  }
}

/** Read and validate a YAML or JSON configuration file. */
export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(resolve(file), e as NodeJS.ErrnoException);
  }
  return parseConfig(text, file);
}

function unreadable(path: string, e: NodeJS.ErrnoException): ConfigFileUnreadable {
  const whatToDo = `Give --config the path of your YAML or JSON configuration; to start from the demo's, copy ${DEMO_CONFIG}.`;
  if (e.code === 'ENOENT') return new ConfigFileUnreadable('CONFIG_NOT_FOUND', `There is no configuration file at ${path}. ${whatToDo}`);
  const why = e.code === 'EISDIR' ? 'it is a directory' : e.code === 'EACCES' || e.code === 'EPERM' ? 'this user may not read it' : (e.code ?? e.message);
  return new ConfigFileUnreadable('CONFIG_UNREADABLE', `The configuration file ${path} cannot be read (${why}). ${whatToDo}`);
}
