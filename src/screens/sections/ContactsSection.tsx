import { Box, Text } from 'ink';
import React, { useEffect, useRef, useState } from 'react';
import type { SettingsStore } from '../../client/settings.js';
import { contactName, type Contact } from '../../core/protocol/contacts.js';
import type { Agent } from '../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { useBoundKeys } from '../../ui/bound-hint.js';
import { DataTable, type Column } from '../../ui/DataTable.js';
import { Dialog } from '../../ui/Dialog.js';
import { fitParts } from '../../ui/format.js';
import { MultiPicker } from '../../ui/MultiPicker.js';
import { SearchField } from '../../ui/SearchField.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { optionalColumns, shownColumns } from '../contacts/columns.js';
import { valuesOf } from '../contacts/form.js';
import { useContactWatch } from '../contacts/use-contact-watch.js';
import { useContactWindow } from '../contacts/use-contact-window.js';
import { useStore } from '../hooks.js';
import { ContactFormDialog } from './contacts/ContactFormDialog.js';
import { HistoryList } from './contacts/HistoryList.js';
import { ImportView } from './contacts/ImportView.js';
import { MergeView } from './contacts/MergeView.js';
import { useListKeys } from './dashboard/list-keys.js';

type Mode = { kind: 'list' } | { kind: 'form'; contact: Contact | null } | { kind: 'history'; contact: Contact } | { kind: 'merge'; contact: Contact } | { kind: 'delete'; contact: Contact; links: number | null } | { kind: 'columns' } | { kind: 'import' };

/**
 * The Contacts section (`g o`): the directory read from the server a
 * screenful at a time, searched by any name, email or number (`/`), with the
 * columns the agent chose (`C`, kept in their settings; Name always shown).
 * Create (`n`), View/Edit (Enter), History (`H`), Merge (`m`) and Delete
 * (`D`, asks first) act on the selected contact; supervisors upload a CSV
 * (`U`). Delete and Merge are offered to the roles the centre gives them.
 */
export function ContactsSection({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const theme = useTheme();
  const app = useApp();
  const { client, toast } = app;
  const store = useStore(client);
  const settings = store.catalog?.contacts;
  const role = agent.role;
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [selected, setSelected] = useState(0);
  const [version, setVersion] = useState(0);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const keyOf = useBoundKeys();
  const settingsStore = useRef<SettingsStore | null>(null);
  /** Columns chosen before the settings were read: the read's answer would otherwise undo them. */
  const chosenEarly = useRef<string[] | null>(null);
  useEffect(() => {
    let live = true;
    void app.settings().then((s) => {
      if (!live) return;
      settingsStore.current = s;
      if (chosenEarly.current) s.setContactColumns(agent.id, chosenEarly.current);
      setChosen(chosenEarly.current ?? s.contactColumns(agent.id));
      chosenEarly.current = null;
    });
    return () => {
      live = false;
    };
  }, [app, agent.id]);

  const listing = mode.kind === 'list';
  const tableHeight = Math.max(3, height - 2);
  const visible = Math.max(1, tableHeight - 1);
  const topRef = useRef(0);
  let top = topRef.current;
  if (selected < top) top = selected;
  if (selected >= top + visible) top = selected - visible + 1;
  const page = useContactWindow(client, query, top, visible, version);
  const total = page.total ?? 0;
  top = Math.max(0, Math.min(top, Math.max(0, total - visible)));
  topRef.current = top;
  const sel = Math.min(selected, Math.max(0, total - 1));
  // Rows as the server last sent them, or as a change since then says (contact.updated reaches only watchers).
  const rows = page.rows.map((c) => store.get('contact', c.id) ?? c);
  const current = rows[sel - page.top];
  // What is on screen: the rows, or the contact whose History is open (the merge view says its own two).
  const historyOf = mode.kind === 'history' ? mode.contact.id : null;
  useContactWatch(client, listing ? rows.map((r) => r.id) : historyOf ? [historyOf] : mode.kind === 'merge' ? null : []);
  const [historyChanged, setHistoryChanged] = useState(0);
  useEffect(
    () =>
      client.onEvent((ev) => {
        // A contact on screen deleted or merged away: read the page again.
        if (ev.ev === 'contact.removed') setVersion((v) => v + 1);
        // A conversation or call linked to (or unlinked from) the contact whose History is open.
        if (ev.ev === 'contact.linked' && ev.data.contact === historyOf) setHistoryChanged((n) => n + 1);
      }),
    [client, historyOf],
  );

  const may = (what: 'deleteRoles' | 'mergeRoles') => (settings?.[what] ?? ['supervisor']).includes(role);
  useListKeys(total, sel, setSelected, visible, listing && !searching);
  useCommands(
    'contacts',
    {
      'contacts.open': current ? () => setMode({ kind: 'form', contact: current }) : undefined,
      'contacts.new': () => setMode({ kind: 'form', contact: null }),
      'contacts.history': current ? () => setMode({ kind: 'history', contact: current }) : undefined,
      'contacts.merge': current && may('mergeRoles') ? () => setMode({ kind: 'merge', contact: current }) : undefined,
      'contacts.delete':
        current && may('deleteRoles')
          ? () => {
              setMode({ kind: 'delete', contact: current, links: null });
              void client.send('contact.get', { id: current.id }).then(
                (r) => setMode((m) => (m.kind === 'delete' && m.contact.id === current.id ? { ...m, links: r.links } : m)),
                () => {},
              );
            }
          : undefined,
      'contacts.columns': () => setMode({ kind: 'columns' }),
      'contacts.import': role === 'supervisor' ? () => setMode({ kind: 'import' }) : undefined,
      'contacts.refresh': () => setVersion((v) => v + 1),
    },
    // Until the first page is in, ↓ and Enter typed ahead wait for its rows.
    { priority: PRIORITY.section, active: listing && !searching, loading: page.total === null && page.error === null },
  );
  useCommands('search', { 'search.open': () => setSearching(true) }, { priority: PRIORITY.section, active: listing && !searching });

  const back = (message?: string) => {
    setMode({ kind: 'list' });
    setVersion((v) => v + 1);
    if (message) toast(message, 'success');
  };

  if (mode.kind === 'form')
    return (
      <Box width={width} height={height} flexDirection="column">
        <ContactFormDialog
          key={mode.contact?.id ?? 'new'}
          contact={mode.contact}
          initial={mode.contact ? valuesOf(mode.contact) : valuesOf({ personType: settings?.personTypes[0] ?? '' })}
          width={Math.min(width, 78)}
          height={height}
          onDone={(c) => back(`${mode.contact ? 'Saved' : 'Created'} ${contactName(c)}.`)}
          onCancel={() => back()}
        />
      </Box>
    );
  if (mode.kind === 'history')
    return (
      <HistoryList
        title={`History of ${contactName(mode.contact)}`}
        fetch={(offset, limit) => client.send('contact.history', { id: mode.contact.id, offset, limit })}
        pageSize={50}
        changed={historyChanged}
        width={width}
        height={height}
        onClose={() => back()}
      />
    );
  if (mode.kind === 'merge')
    return <MergeView primary={mode.contact} width={width} height={height} onDone={(c) => back(`Merged into ${contactName(c)}.`)} onCancel={() => back()} />;
  if (mode.kind === 'import') return <ImportView width={width} height={height} onDone={() => back()} />;
  if (mode.kind === 'delete') {
    const { contact, links } = mode;
    const linked = links === null ? 'Counting its conversations…' : links === 0 ? 'No conversation or call is linked to it.' : `Its ${links} linked conversation${links === 1 ? '' : 's'} and calls stay, unlinked.`;
    return (
      <Dialog
        title={`Delete ${contactName(contact)}?`}
        message={`The contact is removed for everyone. ${linked}`}
        confirmLabel="Delete"
        tone="danger"
        width={Math.min(width, 64)}
        onCancel={() => back()}
        onConfirm={() => {
          client.send('contact.delete', { id: contact.id }).then(
            () => back(`Deleted ${contactName(contact)}.`),
            (e: Error) => {
              back();
              toast(e.message, 'error');
            },
          );
        }}
      />
    );
  }
  if (mode.kind === 'columns')
    return (
      <MultiPicker
        title="Columns (Name is always shown)"
        items={optionalColumns(settings).map((c) => ({ value: c.id, label: c.title }))}
        initial={shownColumns(settings, chosen).slice(1).map((c) => c.id)}
        width={Math.min(width, 50)}
        maxRows={Math.max(3, height - 6)}
        onCancel={() => setMode({ kind: 'list' })}
        onDone={(ids) => {
          setChosen(ids);
          if (settingsStore.current) settingsStore.current.setContactColumns(agent.id, ids);
          else chosenEarly.current = ids;
          setMode({ kind: 'list' });
        }}
      />
    );

  // Narrower than the columns chosen, the last chosen gives way first (the line under the table has the email and phone); Name stays.
  const shown = shownColumns(settings, chosen);
  const columns: Column<Contact>[] = shown.map((c, i) => ({ title: c.title, width: c.width, cell: c.cell, flex: i === 0, drop: i === 0 ? undefined : shown.length - i }));
  const count = page.total === null ? 'loading…' : `${total.toLocaleString('en-US')} contact${total === 1 ? '' : 's'}${query ? ` matching "${query}"` : ''}`;
  // The email and phone first (the narrow table gives their columns way), each part whole or left out: cut, it ended mid-word.
  const detail = current ? fitParts([...current.emails, ...current.phones, current.company, current.address], width - 2) : '';
  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1}>
      <SearchField query={query} onChange={(q) => { setQuery(q); setSelected(0); }} open={searching} onOpenChange={setSearching} width={width - 2} what="by any name, email or number" count={count} />
      {page.error ? (
        <Text color={theme.danger} wrap="truncate">
          {page.error}
        </Text>
      ) : null}
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(c) => c.id}
        selected={rows.length ? sel - page.top : null}
        height={tableHeight - (page.error ? 1 : 0)}
        width={width - 2}
        empty={page.total === null ? 'Loading…' : emptySentence(query, keyOf('search.clear'), keyOf('contacts.new'))}
      />
      <Text color={theme.muted} wrap="truncate">
        {detail}
      </Text>
    </Box>
  );
}

/**
 * What the table says with no row, naming the agent's own key for the way
 * out, and only while that key works (not n while it is typed into the search).
 */
function emptySentence(query: string, clearKey: string | null, newKey: string | null): string {
  if (query) return `No contact matches${clearKey ? ` (${clearKey} clears the search)` : ''}.`;
  return `No contacts yet${newKey ? `: ${newKey} creates one` : ''}.`;
}
