import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { formatPath } from '../protocol/path.js';
import { crossCheck, type ConfigIssue } from './cross-check.js';
import { numberIssue } from './number-issue.js';

/** A configuration that cannot be used; names the file, the place and what was expected. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `Configuration ${file} is not valid:\n` +
        issues.map((i) => `  ${i.path || '(top level)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function zodIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: describe(issue) }));
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.message})`;
  // Every mapping is a settingsObject: its message names the key and the setting it was likely meant to be.
  if (issue.code === 'unrecognized_keys') return issue.message;
  return numberIssue(issue) ?? issue.message;
}

/** Parse YAML (or JSON, by file extension) text into a validated Config. */
export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(file, [{ path: '', message: `is not valid JSON: ${(e as Error).message}` }]);
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new ConfigError(
        file,
        doc.errors.map((e) => ({
          path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
          message: `is not valid YAML: ${e.message.split('\n')[0]}`,
        })),
      );
    }
    raw = doc.toJS();
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '', message: 'expected a mapping with agents, queues and campaigns' }]);
  }
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new ConfigError(file, zodIssues(result.error));
  const problems = crossCheck(result.data);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return result.data;
}
