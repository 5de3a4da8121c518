import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { ClientError } from '../../../client/session.js';
import type { Call } from '../../../core/protocol/model.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { type HintPart, useBoundHint } from '../../../ui/bound-hint.js';
import { Choice, stepChoice, type ChoiceOption } from '../../../ui/Choice.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { fit, padEndColumns } from '../../../ui/format.js';
import { scrollOffset } from '../../../ui/scroll.js';
import { TextField } from '../../../ui/TextField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { formKey, useDrafts } from '../../drafts.js';
import type { Outcomes } from '../../calls/calls.js';

type Form = NonNullable<Outcomes['form']>;
type Field = Form['fields'][number];

const LABEL_WIDTH = 22;
/** Between the sections' keys (20) and a focused text field (30): the field takes typing first. */
const FORM_PRIORITY = 25;

const YES_NO: ChoiceOption<string>[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

function labelOf(f: Field): string {
  return `${f.label ?? f.name}${f.required ? ' *' : ''}`;
}

function shown(value: string | number | boolean | undefined): string {
  if (value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

function placeholder(f: Field): string {
  if (f.type === 'date') return 'YYYY-MM-DD';
  if (f.type === 'number') return f.min !== undefined && f.max !== undefined ? `${f.min}-${f.max}` : 'a number';
  return '';
}

/**
 * How the title names the key that starts the form: as the footer does (the
 * registry's key and label, the agent's own key if they chose one), so the
 * two never say different things ("s to go on" beside "s start form").
 */
const ASKING_HINT: readonly HintPart[] = [
  { ids: ['dialog.confirm'], label: 'discard' },
  { ids: ['dialog.cancel'], label: 'keep editing' },
];

const EDITING_HINT: readonly HintPart[] = [
  { ids: ['form.next'], label: 'next' },
  { ids: ['form.left', 'form.right'], label: 'choose' },
  { ids: ['feedback.submit'], label: 'submit' },
  { ids: ['feedback.cancel'], label: 'cancel' },
];

function startHint(): string {
  const start = command('call.startForm');
  return `${keyHint(start)} ${start.label}`;
}

/** A form's values from the draft file (anything else there is not one). */
function keptValues(value: string | Record<string, string> | undefined): Record<string, string> | null {
  return value && typeof value === 'object' && Object.values(value).some((v) => v !== '') ? value : null;
}

/** Lines the form takes: title, one per field, and the message line while editing. */
export function formRows(form: Form, editing: boolean): number {
  return 1 + form.fields.length + (editing ? 1 : 0);
}

/**
 * The feedback form widget, as the manual has it: read-only until started;
 * while editing, Tab moves between fields, choices change with ←→, text
 * fields take typing; Enter submits; Esc cancels, asking first if anything
 * was entered. A refusal from the server (the sentence names the field) is
 * shown under the form and the entries are kept.
 */
export function FeedbackForm({
  call,
  form,
  width,
  editing,
  rows,
  collapsed,
  onEditingChange,
  readOnlyNote,
}: {
  /** The call the form is for; a previewed lead has no call yet (id: the lead's, form: null). */
  call: Pick<Call, 'id' | 'form'>;
  form: Form;
  width: number;
  editing: boolean;
  /** The lines it may take while being filled in: fewer than its fields, they scroll with the one being typed in. */
  rows?: number;
  /** One summary line only (the screen pop needs the room). */
  collapsed: boolean;
  onEditingChange: (editing: boolean) => void;
  /** What the title says while the form cannot be edited (a preview: until the call starts); by default, the key that starts it. */
  readOnlyNote?: string;
}) {
  const theme = useTheme();
  const drafts = useDrafts();
  const submitted = call.form;
  // Values entered before the panel last went (or before the agent moved to another call): shown, and the editor starts from them.
  const kept = submitted ? null : keptValues(drafts.get(formKey(call.id)));
  // While editing, the keys the editor binds (the agent's own): ← → only on a choice.
  const editingHint = useBoundHint(EDITING_HINT);
  const title = (
    <Text wrap="truncate">
      <Text color={theme.muted}>─ </Text>
      <Text bold>Feedback form: {form.title}</Text>
      <Text color={submitted ? theme.success : editing ? theme.accent : theme.muted}>
        {submitted ? '  ✓ submitted' : editing ? `  editing — ${editingHint}` : kept ? `  not submitted — ${startHint()}` : `  ${readOnlyNote ?? `read-only — ${startHint()}`}`}
      </Text>
    </Text>
  );
  if (editing && !submitted) return <FormEditor call={call} form={form} width={width} rows={rows ?? formRows(form, true)} title={title} onDone={() => onEditingChange(false)} />;
  if (collapsed) {
    const summary = submitted ? form.fields.map((f) => `${f.label ?? f.name}: ${shown(submitted.values[f.name])}`).join(' · ') : '';
    return (
      <Text wrap="truncate">
        {title}
        <Text color={theme.muted}> {summary}</Text>
      </Text>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      {title}
      {form.fields.map((f) => {
        const value = submitted?.values[f.name] ?? (kept?.[f.name] || undefined);
        if (f.type === 'choice' || f.type === 'yesno') {
          const options = f.type === 'yesno' ? YES_NO : (f.options ?? []).map((o) => ({ value: o, label: o }));
          const v = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value ?? '');
          return <Choice key={f.name} label={labelOf(f)} labelWidth={LABEL_WIDTH} width={width} options={options} value={v} focused={false} />;
        }
        return (
          <Text key={f.name} wrap="truncate">
            {'  '}
            {padEndColumns(labelOf(f), LABEL_WIDTH)}
            <Text color={value === undefined ? theme.muted : undefined}>{fit(shown(value), width - LABEL_WIDTH - 2)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}

function FormEditor({ call, form, width, rows, title, onDone }: { call: Pick<Call, 'id'>; form: Form; width: number; rows: number; title: React.ReactNode; onDone: () => void }) {
  const theme = useTheme();
  const { client, toast } = useApp();
  const drafts = useDrafts();
  const [values, setValues] = useState<Record<string, string>>(() => {
    const kept = keptValues(drafts.get(formKey(call.id)));
    return Object.fromEntries(form.fields.map((f) => [f.name, kept?.[f.name] ?? '']));
  });
  // On disk a moment after each change, so a killed panel gives them back (an empty form is forgotten).
  useEffect(() => drafts.set(formKey(call.id), values), [drafts, call.id, values]);
  const [focus, setFocus] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const edited = Object.values(values).some((v) => v !== '');
  const field = form.fields[focus]!;

  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const optionsOf = (f: Field): ChoiceOption<string>[] => (f.type === 'yesno' ? YES_NO : (f.options ?? []).map((o) => ({ value: o, label: o })));
  const change = (step: 1 | -1) => {
    if (field.type !== 'choice' && field.type !== 'yesno') return;
    const options = optionsOf(field);
    const current = values[field.name]!;
    // From "nothing chosen" the first step lands on the first (or last) option.
    const next = current === '' ? options[step === 1 ? 0 : options.length - 1]?.value : stepChoice(options, current, step);
    if (next !== undefined) set(field.name, next);
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const filled = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    try {
      const result = await client.send('form.submit', { callId: call.id, values: filled });
      drafts.set(formKey(call.id), null);
      toast(result.message ?? 'Feedback form submitted successfully', 'success');
      onDone();
    } catch (e) {
      const err = e as ClientError;
      setError(err.message);
      // The server names the field: take the agent there (the sentence starts with its label too).
      const named = err.details?.field;
      const at = form.fields.findIndex((f) => f.name === named || err.message.startsWith(f.label ?? f.name));
      if (at >= 0) setFocus(at);
      setBusy(false);
    }
  };

  const cancel = () => {
    if (edited) setAsking(true);
    else onDone();
  };

  useCommands(
    'feedback',
    {
      'form.next': () => setFocus((i) => (i + 1) % form.fields.length),
      'form.prev': () => setFocus((i) => (i - 1 + form.fields.length) % form.fields.length),
      'form.left': field.type === 'choice' || field.type === 'yesno' ? () => change(-1) : undefined,
      'form.right': field.type === 'choice' || field.type === 'yesno' ? () => change(1) : undefined,
      'feedback.submit': () => void submit(),
      'feedback.cancel': cancel,
    },
    { priority: FORM_PRIORITY, modal: true },
  );
  useCommands(
    'dialog',
    {
      'dialog.confirm': () => {
        setAsking(false);
        drafts.set(formKey(call.id), null);
        onDone();
      },
      'dialog.cancel': () => setAsking(false),
    },
    { priority: PRIORITY.overlay + 10, modal: true, active: asking },
  );

  // The question's answers, by the agent's keys (bound while it is asked).
  const askingHint = useBoundHint(ASKING_HINT);
  // Fewer lines than fields (a short terminal under banners): the fields scroll, the one being typed in on screen.
  const fieldRows = Math.max(1, Math.min(form.fields.length, rows - 2));
  const top = scrollOffset(focus, fieldRows, form.fields.length);
  const where = fieldRows < form.fields.length ? `Fields ${top + 1}-${top + fieldRows} of ${form.fields.length} · ` : '';
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {title}
      {form.fields.slice(top, top + fieldRows).map((f, at) => {
        const i = top + at;
        const focused = i === focus && !asking;
        if (f.type === 'choice' || f.type === 'yesno')
          return <Choice key={f.name} label={labelOf(f)} labelWidth={LABEL_WIDTH} width={width} options={optionsOf(f)} value={values[f.name]!} focused={focused} />;
        return (
          <TextField
            key={f.name}
            label={labelOf(f)}
            labelWidth={LABEL_WIDTH}
            width={Math.min(width, LABEL_WIDTH + 40)}
            value={values[f.name]!}
            onChange={(v) => set(f.name, v)}
            focused={focused}
            placeholder={placeholder(f)}
          />
        );
      })}
      {asking ? (
        <Text wrap="truncate" bold color={theme.warning} inverse={!theme.color}>
          Discard the entered values? <Text color={undefined}>{askingHint}</Text>
        </Text>
      ) : error ? (
        <ErrorText wrap="truncate">{error}</ErrorText>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {busy ? 'Submitting…' : `${where}* required`}
        </Text>
      )}
    </Box>
  );
}
