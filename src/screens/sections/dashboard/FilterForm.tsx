import { Box, Text } from 'ink';
import React, { useCallback, useState } from 'react';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint } from '../../../ui/bound-hint.js';
import { FieldLabel } from '../../../ui/FieldLabel.js';
import { fit } from '../../../ui/format.js';
import { useLineTyping } from '../../../ui/line-editing.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { invalidFilter, type FilterField, type FilterValues } from '../../dashboard/filters.js';

/** What a field of each kind takes, when the field does not say (a choice is told by its keys alone). */
const KIND_HINT: Record<FilterField['kind'], string> = {
  number: '3 = at least 3; or >3 <3 =0',
  date: '2026-01-31, 2026-01-31 14:30, today, yesterday',
  choice: '',
  text: 'every word must match',
};

/**
 * One form for every column filter of a list: ↑ ↓ (Tab) move between fields,
 * typing fills a text, number or date field (the clear key empties it), ← → pick a
 * choice. Enter applies, Esc leaves the filters as they were. Nothing is
 * applied while typing: a server-side list is fetched once, on Enter.
 */
export function FilterForm({
  title,
  fields,
  initial,
  onApply,
  onCancel,
  width,
  now,
}: {
  title: string;
  fields: FilterField[];
  initial: FilterValues;
  onApply: (values: FilterValues) => void;
  onCancel: () => void;
  width: number;
  now: number;
}) {
  const theme = useTheme();
  const [values, setValues] = useState<FilterValues>(initial);
  const [focus, setFocus] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const field = fields[focus]!;
  const textual = field.kind !== 'choice';
  const value = values[field.key] ?? '';
  const set = useCallback(
    (v: string) => {
      setValues((all) => ({ ...all, [field.key]: v }));
      setError(null);
    },
    [field.key],
  );
  const text = useLineTyping(value, set);
  const cycle = (step: number) => {
    if (field.kind !== 'choice') return;
    const i = Math.max(0, field.options.findIndex((o) => o.value === value));
    set(field.options[(i + step + field.options.length) % field.options.length]!.value);
  };
  const move = (step: number) => setFocus((focus + step + fields.length) % fields.length);
  useCommands(
    'filters',
    {
      'form.next': () => move(1),
      'form.prev': () => move(-1),
      'form.left': textual ? undefined : () => cycle(-1),
      'form.right': textual ? undefined : () => cycle(1),
      'filters.apply': () => {
        const bad = invalidFilter(fields, values, now);
        if (bad) {
          setError(bad);
          return;
        }
        onApply(Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])));
      },
      'filters.cancel': onCancel,
      'field.clear': textual && value ? () => set('') : undefined,
    },
    { priority: PRIORITY.overlay, modal: true, text: textual ? text : undefined },
  );

  // The keys of this field, the agent's own: a choice's, or emptying a text that has something in it.
  const keysHint = useBoundHint([
    { ids: ['form.left', 'form.right'], label: 'choose' },
    ...(textual ? [] : [{ ids: ['form.next'] as const, label: 'next field' }]),
    { ids: ['field.clear'], label: 'empties' },
  ]);
  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 2;
  const room = Math.max(8, width - labelWidth - 6);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>{title}</Text>
      {fields.map((f, i) => {
        const on = i === focus;
        const v = values[f.key] ?? '';
        let shown: React.ReactNode;
        if (f.kind === 'choice') {
          const label = f.options.find((o) => o.value === v)?.label ?? 'any';
          shown = on ? <Text inverse>{`‹ ${label} ›`}</Text> : <Text color={v ? undefined : theme.muted}>{label}</Text>;
        } else {
          const unit = f.kind === 'number' && f.unit ? ` ${f.unit}` : '';
          const body = v.length >= room - unit.length - 1 ? `…${v.slice(v.length - room + unit.length + 2)}` : v;
          shown = on ? (
            <Text>
              <Text inverse>{`${body} `}</Text>
              <Text color={theme.muted}>{unit}</Text>
            </Text>
          ) : (
            <Text color={v ? undefined : theme.muted}>{v ? `${fit(v, room)}${unit}` : 'any'}</Text>
          );
        }
        return (
          <Text key={f.key} wrap="truncate">
            <FieldLabel label={f.label} width={labelWidth} focused={on} />
            {shown}
          </Text>
        );
      })}
      {error ? (
        <Text color={theme.danger} bold wrap="wrap">
          {error}
        </Text>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {[field.hint ?? KIND_HINT[field.kind], keysHint].filter(Boolean).join(' · ')}
        </Text>
      )}
    </Box>
  );
}
