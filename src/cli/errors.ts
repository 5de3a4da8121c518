/** Startup failures (bad config, port in use) are printed before any UI exists. */
export function reportStartupError(e: unknown): void {
  const error = e as { code?: string; message?: string };
  if (error.code === 'EADDRINUSE') process.stderr.write(`switchboard: that port is already in use (${error.message}).\n`);
  // With its code, as the CLI's refusals print theirs: a script starting servers can tell this one apart.
  else if (error.code === 'DATA_DIR_IN_USE') process.stderr.write(`switchboard: ${error.code}: ${error.message}\n`);
  else process.stderr.write(`switchboard: ${error.message ?? String(e)}\n`);
  process.exitCode = 1;
}
