import { Box, Text, type Key } from 'ink';
import React, { useCallback, useEffect, useState } from 'react';
import type { ClientError } from '../../../client/session.js';
import type { Signature } from '../../../core/protocol/model.js';
import { isPastedText, isPrintable } from '../../../keys/key-name.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint, useBoundKeys, type HintPart } from '../../../ui/bound-hint.js';
import { Dialog } from '../../../ui/Dialog.js';
import { fit, oneLine, textWidth, wrapLines } from '../../../ui/format.js';
import { Picker } from '../../../ui/Picker.js';
import { TextField } from '../../../ui/TextField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';

/** The line over the list, read from the commands bound (the agent's own keys): while typing a search, with one kept, and with none. */
const SEARCHING_HINT: readonly HintPart[] = [
  { ids: ['search.done'], label: 'keep' },
  { ids: ['search.clear'], label: 'clear' },
];
const SEARCH_KEPT_HINT: readonly HintPart[] = [{ ids: ['search.open'], label: 'to change' }];
const LIST_HINT: readonly HintPart[] = [
  { ids: ['search.open'], label: 'search' },
  { ids: ['signatures.new'], label: 'Add New Signature' },
  { ids: ['signatures.edit'], label: 'edit' },
  { ids: ['signatures.default'], label: 'default' },
  { ids: ['signatures.delete'], label: 'delete' },
];

type Mode = { kind: 'list' } | { kind: 'template' } | { kind: 'form'; id: string | null; name: string; text: string; isDefault: boolean } | { kind: 'delete'; signature: Signature };

/** A title drawn as a rule: the text, then ─ to a number of terminal columns (a signature named in Japanese takes two a character). */
const rule = (text: string, columns: number) => text + '─'.repeat(Math.max(0, columns - textWidth(text)));

/**
 * Settings > Email signatures: the agent's signatures with a search (typed
 * while the list shows) and the selected one's preview; add from one of the
 * server's templates or from scratch, edit, delete (asks first), and set as
 * default — the signature every outgoing email carries unless the composer
 * picks another or none. Placeholders ({{agent.name}}, {{agent.number}},
 * {{queue.name}}...) are filled when an email is sent.
 */
export function SignaturesPage({ width, height, onEditingChange }: { width: number; height: number; onEditingChange: (editing: boolean) => void }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [search, setSearch] = useState('');
  const [searching, setSearching] = useState(false);
  const [index, setIndex] = useState(0);
  const [field, setField] = useState<'name' | 'text'>('name');
  const [error, setError] = useState<string | null>(null);
  const editing = mode.kind !== 'list';
  useEffect(() => onEditingChange(editing), [editing, onEditingChange]);

  const all = store.list('signature').sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const list = all.filter((s) => words.every((w) => `${s.name} ${s.text}`.toLowerCase().includes(w)));
  const at = Math.min(index, Math.max(0, list.length - 1));
  const current = list[at];
  const templates = store.catalog?.email?.signatureTemplates ?? [];

  const typeSearch = useCallback(
    (input: string, key: Key) => {
      if (key.backspace || key.delete) {
        setSearch((s) => s.slice(0, -1));
        return true;
      }
      if (isPrintable(input, key)) {
        setSearch((s) => s + input);
        return true;
      }
      return false;
    },
    [],
  );
  useCommands(
    'search',
    {
      'search.done': () => setSearching(false),
      'search.clear': () => {
        setSearch('');
        setSearching(false);
      },
    },
    { priority: PRIORITY.field, active: mode.kind === 'list' && searching, text: typeSearch },
  );
  const open = (s: Signature) => {
    setError(null);
    setField('name');
    setMode({ kind: 'form', id: s.id, name: s.name, text: s.text, isDefault: s.isDefault });
  };
  useCommands(
    'signatures',
    {
      'list.up': at > 0 ? () => setIndex(at - 1) : undefined,
      'list.down': at < list.length - 1 ? () => setIndex(at + 1) : undefined,
      'signatures.new': () => {
        setError(null);
        setField('name');
        if (templates.length > 0) setMode({ kind: 'template' });
        else setMode({ kind: 'form', id: null, name: '', text: '', isDefault: all.length === 0 });
      },
      'signatures.edit': current ? () => open(current) : undefined,
      'signatures.default': current && !current.isDefault ? () => void act('signature.update', { id: current.id, name: current.name, text: current.text, isDefault: true }, `${current.name} is your default signature.`) : undefined,
      'signatures.delete': current ? () => setMode({ kind: 'delete', signature: current }) : undefined,
      'search.open': () => setSearching(true),
    },
    { priority: PRIORITY.section, active: mode.kind === 'list' && !searching },
  );
  const listHint = useBoundHint(searching ? SEARCHING_HINT : search ? SEARCH_KEPT_HINT : LIST_HINT);

  if (mode.kind === 'template')
    return (
      <Box paddingX={1} flexDirection="column">
        <Picker
          title="Add New Signature — start from a template"
          items={[{ name: 'From scratch (no template)', text: '' }, ...templates]}
          label={(t) => (t.text ? `${t.name} — ${oneLine(t.text)}` : t.name)}
          width={Math.min(width - 2, 76)}
          onCancel={() => setMode({ kind: 'list' })}
          onChoose={(t) => setMode({ kind: 'form', id: null, name: t.text ? t.name : '', text: t.text, isDefault: all.length === 0 })}
        />
      </Box>
    );
  if (mode.kind === 'delete')
    return (
      <Dialog
        title="Delete signature"
        message={`Delete the signature "${mode.signature.name}"?`}
        confirmLabel="Delete"
        tone="danger"
        width={Math.min(60, width)}
        onCancel={() => setMode({ kind: 'list' })}
        onConfirm={() => {
          setMode({ kind: 'list' });
          void act('signature.delete', { id: mode.signature.id }, 'Signature deleted.');
        }}
      />
    );
  if (mode.kind === 'form')
    return (
      <SignatureForm
        mode={mode}
        field={field}
        setField={setField}
        error={error}
        width={width}
        height={height}
        onChange={(next) => setMode({ ...mode, ...next })}
        onCancel={() => setMode({ kind: 'list' })}
        onSave={() => {
          const args = { name: mode.name, text: mode.text, isDefault: mode.isDefault };
          const saved = mode.id ? client.send('signature.update', { id: mode.id, ...args }) : client.send('signature.create', args);
          saved.then(
            () => setMode({ kind: 'list' }),
            (e: ClientError) => setError(e.message),
          );
        }}
      />
    );

  const listRows = Math.max(1, Math.min(list.length, Math.floor((height - 4) / 2)));
  const first = Math.max(0, Math.min(at - listRows + 1, list.length - listRows));
  const previewRows = Math.max(0, height - 4 - listRows);
  const preview = current ? wrapLines(current.text.split('\n'), width - 4).slice(0, previewRows) : [];
  return (
    <Box flexDirection="column" paddingX={1} width={width} height={height}>
      <Text wrap="truncate" color={theme.muted}>
        {searching ? `Search: ${search}▏ (${listHint})` : search ? `Search: ${search} (${listHint})` : listHint}
      </Text>
      {list.length === 0 ? (
        <Text color={theme.muted} wrap="wrap">
          {all.length === 0 ? `You have no email signature yet. ${keyHint(command('signatures.new'))} adds one, from a template or from scratch; your default is added to every email you send.` : 'No signature matches the search.'}
        </Text>
      ) : (
        list.slice(first, first + listRows).map((s, i) => (
          <Text key={s.id} inverse={first + i === at} wrap="truncate">
            {fit(`${s.isDefault ? '★ ' : '  '}${s.name}${s.isDefault ? ' (default)' : ''} — ${oneLine(s.text)}`, width - 2)}
          </Text>
        ))
      )}
      {current ? (
        <>
          <Text color={theme.muted}>{rule(`── Preview: ${current.name} `, width - 2)}</Text>
          {preview.map((line, i) => (
            <Text key={i} wrap="truncate">
              {line}
            </Text>
          ))}
        </>
      ) : null}
    </Box>
  );
}

/** The signature form: its name, its text over several lines, and whether it is the default. */
function SignatureForm({
  mode,
  field,
  setField,
  error,
  width,
  height,
  onChange,
  onCancel,
  onSave,
}: {
  mode: { id: string | null; name: string; text: string; isDefault: boolean };
  field: 'name' | 'text';
  setField: (f: 'name' | 'text') => void;
  error: string | null;
  width: number;
  height: number;
  onChange: (next: Partial<{ name: string; text: string; isDefault: boolean }>) => void;
  onCancel: () => void;
  onSave: () => void;
}) {
  const theme = useTheme();
  const typeText = useCallback(
    (input: string, key: Key) => {
      if (field !== 'text') return false;
      if (key.backspace || key.delete) {
        onChange({ text: Array.from(mode.text).slice(0, -1).join('') });
        return true;
      }
      if (isPrintable(input, key) || isPastedText(input, key)) {
        onChange({ text: mode.text + input });
        return true;
      }
      return false;
    },
    [field, mode.text, onChange],
  );
  useCommands(
    'signatures',
    {
      'signatures.save': onSave,
      'signatures.cancel': onCancel,
      'signatures.field': () => setField(field === 'name' ? 'text' : 'name'),
      'signatures.newline': field === 'text' ? () => onChange({ text: `${mode.text}\n` }) : undefined,
      'signatures.makeDefault': () => onChange({ isDefault: !mode.isDefault }),
    },
    { priority: PRIORITY.overlay, modal: true, text: typeText },
  );
  // The agent's own keys; the new line's is named while the name has the focus too, where it is not bound yet.
  const keyOf = useBoundKeys();
  const newlineKey = keyOf('signatures.newline') ?? keyHint(command('signatures.newline'));
  const defaultKey = keyOf('signatures.makeDefault') ?? keyHint(command('signatures.makeDefault'));
  const lines = wrapLines(mode.text.split('\n'), width - 6).slice(-(Math.max(3, height - 7)));
  return (
    <Box flexDirection="column" paddingX={1} width={width}>
      <Text bold>{mode.id ? 'Edit signature' : 'New signature'}</Text>
      <TextField label="Name" labelWidth={6} value={mode.name} onChange={(name) => onChange({ name })} focused={field === 'name'} width={width - 2} priority={PRIORITY.overlay + 5} />
      <Text color={field === 'text' ? theme.accent : theme.muted} bold={field === 'text'}>
        {'Text  '}
        <Text color={theme.muted}>{`(${newlineKey} new line · {{agent.name}}, {{queue.name}}… filled on sending)`}</Text>
      </Text>
      {(lines.length ? lines : ['']).map((line, i, all) => (
        <Text key={i} wrap="truncate">
          {'  '}
          {line}
          {field === 'text' && i === all.length - 1 ? <Text inverse> </Text> : null}
        </Text>
      ))}
      <Text>{`[${mode.isDefault ? 'x' : ' '}] Set as Default Signature (${defaultKey})`}</Text>
      {error ? (
        <Text color={theme.danger} wrap="wrap">
          {error}
        </Text>
      ) : null}
    </Box>
  );
}
