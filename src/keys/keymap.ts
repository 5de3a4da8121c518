import { COMMANDS, displayKey, replaceOwnKeys, type CommandDef, type KeyCommand, type Scope } from './registry.js';

/**
 * The agent's own keys (a keymap file, the Keys settings page), checked
 * before the registry takes them (registry.ts keysOf). Refused, each by name
 * and the rest applied: an unknown command, a key that is no key, a key the
 * terminal keeps for itself, and a key another command already answers to
 * where both can be bound at once.
 */
export interface KeymapProblem {
  /** The command the entry was for (as written). */
  id: string;
  message: string;
}

/** Scopes whose keys are live on every screen: a key of theirs cannot also be a screen's. */
const EVERYWHERE = new Set<Scope>(['global', 'panel', 'ringing']);
/** Scopes of what takes the whole keyboard while open (dialogs, fields, overlays): their keys shadow the rest for that while. */
const TAKES_KEYBOARD = new Set<Scope>([
  'login',
  'agent-login',
  'form',
  'dialog',
  'picker',
  'help',
  'palette',
  'filters',
  'transfer',
  'dispositions',
  'feedback',
  'hotkeys',
  'agent-chat',
  'composer',
  'search',
  'files',
]);

/**
 * Commands whose keys the router lets through every layer, dialogs and text
 * boxes included (quit): a key of theirs is no other command's anywhere, or
 * the command bound above would take it first (Ctrl+N for quit made a new
 * line in the reply box instead).
 */
const THROUGH_EVERY_LAYER = new Set<string>(['app.quit']);

/** Whether two commands can both be bound at the same moment, so one key must not serve both. */
function liveTogether(a: CommandDef, b: CommandDef): boolean {
  return THROUGH_EVERY_LAYER.has(a.id) || THROUGH_EVERY_LAYER.has(b.id) || together(a.scope, b.scope);
}

/** Whether two scopes can both be bound at the same moment. */
function together(a: Scope, b: Scope): boolean {
  if (a === b) return true;
  if (EVERYWHERE.has(a)) return !TAKES_KEYBOARD.has(b);
  if (EVERYWHERE.has(b)) return !TAKES_KEYBOARD.has(a);
  return false;
}

const NAMED = new Set(['esc', 'enter', 'tab', 'shift+tab', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'backspace', 'space']);
/** Keys the terminal or the tty keeps: they never reach the panel, or mean something else. */
const RESERVED: Record<string, string> = {
  'ctrl+s': 'Ctrl+S stops the terminal (flow control)',
  'ctrl+q': 'Ctrl+Q resumes the terminal (flow control)',
  'ctrl+z': 'Ctrl+Z suspends the program',
  'ctrl+h': 'Ctrl+H is Backspace to the terminal',
  'ctrl+i': 'Ctrl+I is Tab to the terminal',
  'ctrl+m': 'Ctrl+M is Enter to the terminal',
  'ctrl+[': 'Ctrl+[ is Esc to the terminal',
};

/** Why a written key is no key the panel can read, or null when it is one ("p", "P", "ctrl+o", "pageup", "g x"). */
export function badKey(key: string): string | null {
  if (RESERVED[key]) return `${RESERVED[key]}; choose another key`;
  const parts = key.split(' ');
  if (parts.length > 2 || parts.some((p) => p === '')) return `"${key}" is not a key: write one key ("o", "ctrl+o", "pageup") or two in a row ("g x")`;
  if (parts.length === 2 && !/^[a-z]$/i.test(parts[0]!)) return `"${key}": a key in two steps starts with a letter ("g x")`;
  for (const p of parts) {
    if (NAMED.has(p) || /^ctrl\+[a-z]$/.test(p) || ([...p].length === 1 && /\S/.test(p) && !/[\u0000-\u001f\u007f]/.test(p))) continue;
    return `"${key}" is not a key: write one key ("o", "ctrl+o", "pageup") or two in a row ("g x")`;
  }
  return null;
}

/** "hold (Calls)": how a command is named in a refusal. */
function named(def: KeyCommand): string {
  return `${def.label} (${def.id})`;
}

/**
 * Give the agent's keys to commands (`entries`: command id to its keys,
 * which replace the registry's), after checking each; entries refused are
 * left at their default keys and named in what is returned. An empty list
 * of keys, or the registry's own, puts a command back to its default.
 */
export function setKeymap(entries: Record<string, readonly string[] | string>): KeymapProblem[] {
  const problems: KeymapProblem[] = [];
  const byId = new Map(COMMANDS.map((c) => [c.id as string, c]));
  const wanted = new Map<string, readonly string[]>();
  for (const [id, raw] of Object.entries(entries)) {
    const def = byId.get(id);
    if (!def) {
      problems.push({ id, message: `There is no command "${id}" (the Keys page lists every command and its name).` });
      continue;
    }
    const keys = (typeof raw === 'string' ? [raw] : [...raw]).map((k) => String(k).trim()).filter(Boolean);
    const bad = keys.map(badKey).find((b) => b !== null);
    if (bad) {
      problems.push({ id, message: `${named(def)}: ${bad}.` });
      continue;
    }
    if (def.needsKey && keys.length > 0 && keys.length !== def.keys.length) {
      problems.push({ id, message: `${named(def)} needs ${def.keys.length} keys, one for each of ${def.keys.map(displayKey).join(' ')} in that order.` });
      continue;
    }
    if (new Set(keys).size !== keys.length) {
      problems.push({ id, message: `${named(def)}: a key is written twice.` });
      continue;
    }
    if (keys.length > 0 && keys.join('\n') !== def.keys.join('\n')) wanted.set(id, keys);
  }
  // Conflicts, on the map as it would be: a changed command's key must not be another's where both are bound at once.
  // Of two entries that clash the earlier keeps the key; against a command left at its default, the entry loses.
  const order = [...wanted.keys()];
  const accepted = new Set(order);
  const effective = (def: CommandDef) => (accepted.has(def.id) ? wanted.get(def.id)! : def.keys);
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of order) {
      if (!accepted.has(id)) continue;
      const def = byId.get(id)!;
      const keys = wanted.get(id)!;
      for (const other of COMMANDS) {
        if (other.id === id || !liveTogether(def, other)) continue;
        const theirs = effective(other);
        const clash = keys.find((k) => theirs.some((t) => t === k || t.startsWith(`${k} `) || k.startsWith(`${t} `)));
        // Keys both had to begin with are the registry's own doing (commands never bound together): not the agent's conflict.
        if (!clash || (def.keys.includes(clash) && other.keys.includes(clash))) continue;
        const otherLoses = accepted.has(other.id) && order.indexOf(other.id) > order.indexOf(id);
        const [loser, winner] = otherLoses ? [other, def] : [def, other];
        accepted.delete(loser.id);
        problems.push({ id: loser.id, message: `${named(loser)}: ${displayKey(clash)} is already ${named(winner)} — choose another key, or give that one another key too.` });
        changed = true;
        break;
      }
    }
  }
  replaceOwnKeys(new Map([...accepted].map((id) => [id, wanted.get(id)!])));
  return problems;
}

/** Back to the registry's keys for every command. */
export function resetKeymap(): void {
  replaceOwnKeys(new Map());
}
