import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { ContactFile } from '../../../client/contact-csv.js';
import { printable } from '../../../client/printable.js';
import { importContactRows, readContactFile, type ImportTotals } from '../../../client/contact-import.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { EntryDialog } from '../../../ui/EntryDialog.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { fit, pad } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';

/**
 * Supervisors' CSV upload: the file's path, then a preview of how its
 * columns are read and how many lines it has; Enter sends it in parts; then
 * what was imported, and each duplicate and bad line by its number with the
 * reason.
 */
export function ImportView({ width, height, onDone }: { width: number; height: number; onDone: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const [path, setPath] = useState('');
  const [file, setFile] = useState<ContactFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [result, setResult] = useState<ImportTotals | null>(null);
  const [scroll, setScroll] = useState(0);
  const problems = result ? [...result.duplicates.map((d) => ({ ...d, what: 'duplicate' })), ...result.invalid.map((d) => ({ ...d, what: 'skipped' }))].sort((x, y) => x.line - y.line) : [];
  const send = () => {
    if (!file || sent !== null) return;
    setSent(0);
    importContactRows(client, file.rows, setSent).then(setResult, (e: Error) => {
      setError(e.message);
      setSent(null);
    });
  };
  const rows = Math.max(1, height - 4);
  useCommands(
    'contacts',
    {
      'contacts.importSend': file && !result && sent === null ? send : undefined,
      'list.up': result && scroll > 0 ? () => setScroll(scroll - 1) : undefined,
      'list.down': result && scroll < problems.length - rows ? () => setScroll(scroll + 1) : undefined,
      'contacts.back': sent !== null && !result ? undefined : onDone,
    },
    { priority: PRIORITY.section + 3, active: Boolean(file) },
  );
  // The agent's own keys for import and back, named first: the line is cut at 80 columns, and the cancel key was.
  const keyOf = useBoundKeys();
  const importKey = keyOf('contacts.importSend') ?? keyHint(command('contacts.importSend'));
  const backKey = keyOf('contacts.back') ?? keyHint(command('contacts.back'));
  if (!file)
    return (
      <EntryDialog
        title="Upload contacts from a CSV file"
        note="A header row names the columns (First name, Last name, Person type, Company, Email, Phone, ...); you see how they are read before anything is sent."
        fields={[{ label: 'File', value: path, onChange: setPath, placeholder: '~/contacts.csv' }]}
        error={error}
        width={Math.min(width, 76)}
        onSubmit={() => {
          try {
            setFile(readContactFile(path, store.catalog?.contacts));
            setError(null);
          } catch (e) {
            setError((e as Error).message);
          }
        }}
        onCancel={onDone}
      />
    );
  if (result)
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold color={theme.success} wrap="truncate">
          Imported {result.imported} contact{result.imported === 1 ? '' : 's'} of {file.rows.length} line{file.rows.length === 1 ? '' : 's'}.
        </Text>
        <Text wrap="truncate">
          {result.duplicates.length} duplicate{result.duplicates.length === 1 ? '' : 's'} (by email or phone) not created again · {result.invalid.length} bad line{result.invalid.length === 1 ? '' : 's'} skipped
        </Text>
        {problems.slice(scroll, scroll + rows).map((p) => (
          <Text key={`${p.what}${p.line}`} wrap="truncate" color={p.what === 'skipped' ? theme.danger : theme.warning}>
            {fit(`line ${p.line} ${p.what}: ${p.reason}`, width)}
          </Text>
        ))}
        <Text color={theme.muted}>{backKey} back to the list</Text>
      </Box>
    );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {fit(`${path.trim()}: ${file.rows.length} line${file.rows.length === 1 ? '' : 's'}. Columns:`, width)}
      </Text>
      {file.mapping.slice(0, Math.max(1, height - 4)).map((m) => (
        <Text key={m.column} wrap="truncate" color={m.field ? undefined : theme.muted}>
          {pad(`  ${printable(m.column)}`, 28)} → {m.label}
        </Text>
      ))}
      {error ? <ErrorText wrap="truncate">{error}</ErrorText> : null}
      <Text color={theme.muted} wrap="truncate">
        {sent === null ? `${importKey} import · ${backKey} cancel · each line is checked; duplicates by email or phone are not created` : `Sending… ${sent} of ${file.rows.length} lines`}
      </Text>
    </Box>
  );
}
