import { parse } from 'yaml';

/**
 * The agent's keymap file (YAML): one line per command, its id and its keys,
 * e.g. `call.hold: [ctrl+o]`. What the panel writes lists the agent's own
 * keys, then every other command commented out with its default keys, so
 * the file is its own reference. Read back into command id -> keys, which
 * keys/keymap.ts checks before any of it is used.
 */
export function parseKeymap(text: string): { entries: Record<string, string[]> } | { error: string } {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    return { error: `The keymap file is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (data === null || data === undefined) return { entries: {} };
  if (typeof data !== 'object' || Array.isArray(data)) return { error: 'The keymap file should map command names to keys, e.g. "call.hold: [ctrl+o]".' };
  const entries: Record<string, string[]> = {};
  for (const [id, keys] of Object.entries(data as Record<string, unknown>)) {
    if (typeof keys === 'string') entries[id] = [keys];
    else if (Array.isArray(keys) && keys.every((k) => typeof k === 'string' || typeof k === 'number')) entries[id] = keys.map(String);
    else return { error: `${id}: write its keys as a list, e.g. "${id}: [ctrl+o]".` };
  }
  return { entries };
}

/** The file the panel writes: the agent's keys, then the rest as commented examples. */
export function keymapText(agent: string, own: Record<string, string[]>, commands: ReadonlyArray<{ id: string; keys: readonly string[]; label: string }>): string {
  const lines = [
    `# switchboard keys of agent ${agent}: a command's name, then its keys; the panel reads this at login`,
    '# and again with R on Settings > Keys. A key is a letter or sign ("o", "P", "?"), ctrl+letter,',
    '# enter, esc, tab, up, down, left, right, pageup, pagedown, home, end, space, or two in a row ("g x").',
    '# A key another command already has where both work is refused, by name, and that line keeps its default.',
    '',
  ];
  for (const [id, keys] of Object.entries(own)) lines.push(line(id, keys));
  if (Object.keys(own).length > 0) lines.push('');
  for (const c of commands) if (!own[c.id]) lines.push(`# ${line(c.id, c.keys)}   # ${c.label}`);
  return `${lines.join('\n')}\n`;
}

/** `call.hold: ["ctrl+o"]`: keys quoted, so signs YAML reads specially (":", "#", "[") stay keys. */
function line(id: string, keys: readonly string[]): string {
  return `${id}: [${keys.map((k) => JSON.stringify(k)).join(', ')}]`;
}
