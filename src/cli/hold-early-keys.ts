/** The commands that open the agent panel in this terminal. */
const PANEL_COMMANDS = new Set(['demo', 'connect']);

/**
 * The panel takes a second or two to load its modules and draw. Until Ink
 * puts the terminal in raw mode, the terminal's own line discipline echoes
 * every key in clear: an agent who starts typing their PIN at once saw it
 * printed above the login screen. Raw mode from the first moment stops the
 * echo; the keys wait in the terminal and reach the login form when Ink
 * starts reading. Node puts the terminal back as it was when the process
 * exits, so a refusal at startup leaves the shell as it found it. (An early
 * Ctrl+C is a key like the others then: the panel reads it and asks again.)
 */
export function holdEarlyKeys(argv: readonly string[] = process.argv, stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout): boolean {
  const command = argv[2];
  if (!command || !PANEL_COMMANDS.has(command)) return false;
  if (!stdin.isTTY || !stdout.isTTY || typeof stdin.setRawMode !== 'function') return false;
  stdin.setRawMode(true);
  return true;
}
