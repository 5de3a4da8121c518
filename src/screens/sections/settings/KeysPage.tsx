import { Box, Text, type Key } from 'ink';
import React, { useState } from 'react';
import { keyName } from '../../../keys/key-name.js';
import { COMMANDS, displayKey, keysHelp, ownKeys, type KeyCommand } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { fit, fitParts } from '../../../ui/format.js';
import { SCOPE_TITLES } from '../../../ui/HelpOverlay.js';
import { SearchField } from '../../../ui/SearchField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useSearchableList } from '../../../ui/use-searchable-list.js';
import { useApp } from '../../app-context.js';
import { useAppSettings } from '../../settings/AppSettingsContext.js';

/** Commands worth listing: not the ones every overlay has (close, cancel), which no hand needs to move. */
const LISTED = COMMANDS.filter((c) => c.scope !== 'help' && c.scope !== 'palette');

function matches(query: string): KeyCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return LISTED.filter((c) => words.every((w) => `${c.label} ${c.id} ${SCOPE_TITLES[c.scope] ?? c.scope} ${keysHelp(c)}`.toLowerCase().includes(w)));
}

/**
 * Settings > Keys: every command of the panel with the key it answers to
 * (the agent's own ones marked), where it works, and its name for the keymap
 * file. Enter gives the selected command the next key pressed; a key another
 * command already has where both work is refused, by name. D puts it back on
 * its default, R reads the file again (edited elsewhere), W writes it with
 * every command listed to edit. Footers, help and the lines here show the
 * agent's keys.
 */
export function KeysPage({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { toast } = useApp();
  const { keymap } = useAppSettings();
  const [capturing, setCapturing] = useState<KeyCommand | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const problems = keymap.problems.filter((p) => !capturing || p.id === capturing.id);
  const list = useSearchableList(matches, Math.max(1, height - 5));
  const { rows, selected, current, searching } = list;
  const own = ownKeys();
  // The file's keys as the footer names them (the agent may have moved W and R too), each only while it works.
  const keyOf = useBoundKeys();
  const writeKey = keyOf('keys.write');
  const readKey = keyOf('keys.reload');
  const fileKeys = [writeKey && `${writeKey} writes it`, readKey && `${readKey} reads it`].filter(Boolean).join(', ');

  const bind = (def: KeyCommand, keys: string[]) => {
    const refused = keymap.bind(def.id, keys);
    if (refused.length) setRefusal(refused.map((p) => p.message).join(' '));
    else {
      setRefusal(null);
      toast(keys.length ? `${def.label}: ${keys.map(displayKey).join(' / ')} from now on.` : `${def.label}: back to ${keysHelp(def)}.`, 'success');
    }
  };

  useCommands(
    'keymap',
    {
      ...list.commands,
      'keys.bind':
        current && !searching
          ? () => {
              setRefusal(null);
              if (current.needsKey) setRefusal(`${current.label} takes ${current.keys.length} keys, one per ${current.keyLabel ?? 'key'}: write them in the keymap file${fileKeys ? ` (${fileKeys})` : ''}.`);
              else setCapturing(current);
            }
          : undefined,
      'keys.default': current && own[current.id] && !searching ? () => bind(current, []) : undefined,
      'keys.reload': !searching && keymap.path ? () => (keymap.reload(), setRefusal(null), toast('Read your keymap file again.', 'info')) : undefined,
      'keys.write': !searching && keymap.path ? () => (keymap.write(), toast(`Wrote ${keymap.path}: every command is in it, yours first.`, 'success')) : undefined,
    },
    { priority: PRIORITY.section, active: !capturing },
  );
  // Waiting for the key: the next keypress is it, whatever it is; Esc gives up.
  useCommands(
    'keymap',
    {},
    {
      priority: PRIORITY.overlay,
      modal: true,
      active: Boolean(capturing),
      text: (input: string, key: Key) => {
        const name = keyName(input, key);
        if (!name || !capturing) return true;
        const def = capturing;
        setCapturing(null);
        if (name !== 'esc') bind(def, [name]);
        return true;
      },
    },
  );

  const inner = width - 2;
  // Narrower than the columns, where a key works gives way: the command, its keys and its name in the file stay.
  const columns: Column<KeyCommand>[] = [
    { title: 'Command', width: 18, flex: true, cell: (c) => c.label },
    { title: 'Keys', width: 14, cell: (c) => `${keysHelp(c)}${own[c.id] ? ' *' : ''}`, style: (c) => (own[c.id] ? { bold: true, color: theme.accent } : undefined) },
    { title: 'Where', width: 14, drop: 1, cell: (c) => SCOPE_TITLES[c.scope] ?? c.scope },
    // Ids are at most 22 long: the name to write in the file is never cut.
    { title: 'Name in the file', width: 22, cell: (c) => c.id },
  ];
  const note = capturing
    ? `Press the key for "${capturing.label}" (${SCOPE_TITLES[capturing.scope] ?? capturing.scope}) — Esc cancels`
    : // The file's path is long: where the keys are kept stays, and W's part is left out whole rather than cut to "W writ…".
      fitParts([`Your keys (*) are kept in ${keymap.path ?? 'memory only'}`, ...(writeKey ? [`${writeKey} writes it with every command`] : [])], inner);
  const messages = refusal ? [refusal] : problems.map((p) => p.message);
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Text color={capturing ? theme.accent : theme.muted} bold={Boolean(capturing)} wrap="truncate">
        {fit(note, inner)}
      </Text>
      <SearchField {...list.field} width={inner} what="by command, key or where" count={`${rows.length} of ${LISTED.length}`} />
      {/* The first refusal in full: it names both commands and what to do; how many more there are, in front. */}
      {messages.length ? (
        <Box height={2} overflow="hidden">
          <ErrorText wrap="wrap">{messages.length > 1 ? `(${messages.length} refused) ${messages[0]}` : messages[0]}</ErrorText>
        </Box>
      ) : null}
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(c) => c.id}
        selected={rows.length ? selected : null}
        height={Math.max(3, height - 3 - (messages.length ? 2 : 0))}
        width={inner}
        empty="No command matches."
      />
    </Box>
  );
}
