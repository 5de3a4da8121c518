/**
 * The one list of everything a key can do. Key handling, the footer hints and
 * the help overlay all read it, so they cannot drift apart. A screen binds the
 * commands it can perform right now; only bound commands are shown.
 */
export type Scope =
  | 'global'
  | 'login'
  | 'agent-login'
  | 'panel'
  | 'calls'
  | 'profile'
  | 'settings'
  | 'list'
  | 'form'
  | 'help'
  | 'palette'
  | 'picker'
  | 'dialog';

export interface CommandDef {
  id: string;
  /** Key names as produced by `keyName` (e.g. "?", "p", "ctrl+c", "shift+tab", "esc"). */
  keys: string[];
  label: string;
  scope: Scope;
  /** Shown in the footer when bound (the help overlay shows every bound command). */
  footer?: boolean;
  /** Asks for confirmation before acting. */
  dangerous?: boolean;
  /** Offered in the command palette. */
  palette?: boolean;
  /** A longer explanation for the help overlay. */
  help?: string;
}

export const COMMANDS: readonly CommandDef[] = [
  // Everywhere
  { id: 'app.help', keys: ['?'], label: 'help', scope: 'global', footer: true, help: 'Show every key that works here' },
  { id: 'app.palette', keys: [':'], label: 'commands', scope: 'global', footer: true, help: 'Type to find and run any command' },
  { id: 'app.back', keys: ['esc'], label: 'back', scope: 'global', help: 'Close the overlay or leave the field' },
  { id: 'app.quit', keys: ['ctrl+c'], label: 'quit (twice)', scope: 'global', help: 'Press Ctrl+C twice to quit' },

  // Login screen and agent login window
  { id: 'form.next', keys: ['tab', 'down'], label: 'next field', scope: 'form', footer: true },
  { id: 'form.prev', keys: ['shift+tab', 'up'], label: 'previous field', scope: 'form' },
  { id: 'form.left', keys: ['left'], label: 'previous choice', scope: 'form' },
  { id: 'form.right', keys: ['right', 'space'], label: 'next choice', scope: 'form' },
  { id: 'login.submit', keys: ['enter'], label: 'log in', scope: 'login', footer: true, help: 'Check the credentials and open the agent login window' },
  { id: 'agentLogin.submit', keys: ['enter'], label: 'log in', scope: 'agent-login', footer: true, help: 'Log in with the chosen strategy, device and state' },
  { id: 'agentLogin.cancel', keys: ['esc'], label: 'back', scope: 'agent-login', footer: true, help: 'Back to the credentials' },

  // Main panel
  { id: 'nav.next', keys: ['tab', ']'], label: 'next section', scope: 'panel', footer: true, help: 'Move to the next section of the navigation bar' },
  { id: 'nav.prev', keys: ['shift+tab', '['], label: 'previous section', scope: 'panel', help: 'Move to the previous section' },
  { id: 'nav.calls', keys: ['g c'], label: 'go to Calls', scope: 'panel', palette: true },
  { id: 'nav.chats', keys: ['g t'], label: 'go to Chats', scope: 'panel', palette: true },
  { id: 'nav.email', keys: ['g e'], label: 'go to Email', scope: 'panel', palette: true },
  { id: 'nav.dashboard', keys: ['g d'], label: 'go to Dashboard', scope: 'panel', palette: true },
  { id: 'nav.conversations', keys: ['g v'], label: 'go to Conversations', scope: 'panel', palette: true },
  { id: 'nav.contacts', keys: ['g o'], label: 'go to Contacts', scope: 'panel', palette: true },
  { id: 'nav.settings', keys: ['g s'], label: 'go to Settings', scope: 'panel', palette: true },
  { id: 'nav.profile', keys: ['g p'], label: 'go to Profile', scope: 'panel', palette: true },
  { id: 'agent.pause', keys: ['p'], label: 'pause', scope: 'panel', footer: true, palette: true, help: 'Pause with a reason: no new work is offered' },
  { id: 'agent.unpause', keys: ['u'], label: 'unpause', scope: 'panel', footer: true, palette: true, help: 'Become available again' },
  { id: 'session.logout', keys: ['L'], label: 'log out', scope: 'panel', dangerous: true, palette: true, help: 'End the session (asks first)' },
  { id: 'app.exit', keys: ['Q'], label: 'exit', scope: 'panel', palette: true, help: 'Close the panel; the session keeps running' },

  // Lists (pickers, tables)
  { id: 'list.up', keys: ['up', 'k'], label: 'up', scope: 'list' },
  { id: 'list.down', keys: ['down', 'j'], label: 'down', scope: 'list' },
  { id: 'list.pageUp', keys: ['pageup'], label: 'page up', scope: 'list' },
  { id: 'list.pageDown', keys: ['pagedown'], label: 'page down', scope: 'list' },
  { id: 'list.choose', keys: ['enter'], label: 'choose', scope: 'picker', footer: true },
  { id: 'list.cancel', keys: ['esc'], label: 'cancel', scope: 'picker', footer: true },

  // Dialogs
  { id: 'dialog.confirm', keys: ['enter', 'y'], label: 'yes', scope: 'dialog', footer: true },
  { id: 'dialog.cancel', keys: ['esc', 'n'], label: 'no', scope: 'dialog', footer: true },

  // Overlays
  { id: 'help.close', keys: ['esc', '?', 'q'], label: 'close help', scope: 'help', footer: true },
  { id: 'palette.run', keys: ['enter'], label: 'run', scope: 'palette', footer: true },
  { id: 'palette.close', keys: ['esc'], label: 'close', scope: 'palette', footer: true },
];

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

export function command(id: string): CommandDef {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown command id ${id}`);
  return def;
}

/** How a key is written for people: "ctrl+c" -> "Ctrl+C", "g c" -> "g c". */
export function displayKey(key: string): string {
  const names: Record<string, string> = {
    esc: 'Esc',
    enter: 'Enter',
    tab: 'Tab',
    'shift+tab': 'Shift+Tab',
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    space: 'Space',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    backspace: 'Backspace',
  };
  if (names[key]) return names[key];
  if (key.startsWith('ctrl+')) return `Ctrl+${key.slice(5).toUpperCase()}`;
  return key;
}
