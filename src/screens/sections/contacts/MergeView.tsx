import { Box, Text } from 'ink';
import React, { useMemo, useState } from 'react';
import { contactName, type Contact } from '../../../core/protocol/contacts.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { Dialog } from '../../../ui/Dialog.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { fit, pad } from '../../../ui/format.js';
import { scrollOffset } from '../../../ui/scroll.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { initialChoice, mergeChoice, mergeLines, MERGE_WARNING } from '../../contacts/merge.js';
import { useContactWatch } from '../../contacts/use-contact-watch.js';
import { useStore } from '../../hooks.js';
import { useRequest } from '../../use-request.js';
import { ContactPicker } from './ContactPicker.js';

/**
 * Merge Contacts (the manual): the selected contact is the primary; search
 * and pick the other; then side by side, each field taken from one side
 * (← →, radio) and each email and phone of either kept or not (Space,
 * checkboxes). Enter asks the manual's question; the merge is one
 * transaction on the server.
 */
export function MergeView({ primary, width, height, onDone, onCancel }: { primary: Contact; width: number; height: number; onDone: (merged: Contact) => void; onCancel: () => void }) {
  const [other, setOther] = useState<Contact | null>(null);
  if (!other)
    return (
      <Box flexDirection="column" width={width}>
        <Text bold wrap="wrap">
          Merge Contacts – Please choose the information you would like to keep, and the other contact&apos;s details will be replaced.
        </Text>
        <ContactPicker
          title={`Merge into ${contactName(primary)}: search the other contact by name`}
          exclude={primary.id}
          width={width}
          height={height - 2}
          onChoose={(item) => 'contact' in item && setOther(item.contact)}
          onCancel={onCancel}
        />
      </Box>
    );
  return <MergeChoices primary={primary} other={other} width={width} height={height} onDone={onDone} onCancel={() => setOther(null)} />;
}

function MergeChoices({ primary, other, width, height, onDone, onCancel }: { primary: Contact; other: Contact; width: number; height: number; onDone: (merged: Contact) => void; onCancel: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  // Both on screen: a change to either (someone edits it meanwhile) reaches this panel.
  useContactWatch(client, [primary.id, other.id]);
  const a = store.get('contact', primary.id) ?? primary;
  const b = store.get('contact', other.id) ?? other;
  const lines = useMemo(() => mergeLines(a, b, store.catalog?.contacts), [a, b, store.catalog]);
  const [choice, setChoice] = useState(() => initialChoice(lines));
  const [index, setIndex] = useState(0);
  const [asking, setAsking] = useState(false);
  const { busy, error, request } = useRequest();
  const line = lines[Math.min(index, lines.length - 1)];
  const side = (s: 'primary' | 'other') => line?.kind === 'single' && setChoice((c) => ({ ...c, sides: { ...c.sides, [line.field]: s } }));
  const toggle = () => {
    if (!line) return;
    if (line.kind === 'single') return side(choice.sides[line.field] === 'other' ? 'primary' : 'other');
    const key = `${line.field}:${line.value}`;
    setChoice((c) => {
      const kept = new Set(c.kept);
      if (kept.has(key)) kept.delete(key);
      else kept.add(key);
      return { ...c, kept };
    });
  };
  useCommands(
    'contacts',
    {
      'list.up': index > 0 ? () => setIndex(index - 1) : undefined,
      'list.down': index < lines.length - 1 ? () => setIndex(index + 1) : undefined,
      'contacts.side': line?.kind === 'single' ? (key) => side(key === 'left' ? 'primary' : 'other') : undefined,
      'contacts.toggle': toggle,
      'contacts.confirmMerge': busy ? undefined : () => setAsking(true),
      'contacts.back': onCancel,
    },
    { priority: PRIORITY.section + 3, active: !asking },
  );
  const merge = () =>
    request(async () => {
      setAsking(false);
      const r = await client.send('contact.merge', { primary: a.id, other: b.id, ...mergeChoice(lines, choice.sides, choice.kept) });
      onDone(r.contact);
    });
  if (asking) return <Dialog title="Merge contacts?" message={MERGE_WARNING} confirmLabel="Merge" tone="danger" width={Math.min(width, 70)} onConfirm={() => void merge()} onCancel={() => setAsking(false)} />;
  const label = 14;
  const half = Math.floor((width - label - 2) / 2);
  const rows = Math.max(1, height - 3 - (error ? 1 : 0));
  const offset = scrollOffset(index, rows, lines.length);
  const radio = (on: boolean, value: string) => `${on ? '(•)' : '( )'} ${value || '—'}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        Merge Contacts – choose what to keep
      </Text>
      <Text wrap="truncate" color={theme.muted}>
        {' '.repeat(label)}
        {fit(`Primary: ${contactName(a)}`, half)} {fit(`Other: ${contactName(b)}`, half)}
      </Text>
      {lines.slice(offset, offset + rows).map((l, i) => {
        const here = offset + i === index;
        if (l.kind === 'single') {
          const s = choice.sides[l.field];
          return (
            <Text key={l.field} inverse={here} wrap="truncate">
              {pad(l.label, label - 1)} 
              {fit(radio(s !== 'other', l.primary), half)} {fit(radio(s === 'other', l.other), half)}
            </Text>
          );
        }
        const box = `${choice.kept.has(`${l.field}:${l.value}`) ? '[x]' : '[ ]'} ${l.value}`;
        return (
          <Text key={`${l.field}:${l.value}`} inverse={here} wrap="truncate">
            {pad(l.label, label - 1)} 
            {l.from === 'other' ? `${' '.repeat(half)} ${fit(box, half)}` : fit(`${box}${l.from === 'both' ? ' (both)' : ''}`, half)}
          </Text>
        );
      })}
      {error ? <ErrorText wrap="truncate">{error}</ErrorText> : null}
    </Box>
  );
}
