/** Startup failures (bad config, port in use) are printed before any UI exists. */
export function reportStartupError(e: unknown): void {
  const error = e as { code?: string; message?: string };
  if (error.code === 'EADDRINUSE') process.stderr.write(`switchboard: that port is already in use (${error.message}).\n`);
  else process.stderr.write(`switchboard: ${error.message ?? String(e)}\n`);
  process.exitCode = 1;
}
