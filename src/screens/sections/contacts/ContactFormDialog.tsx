import React, { useState } from 'react';
import type { Contact, LinkTarget } from '../../../core/protocol/contacts.js';
import { command, keyHint } from '../../../keys/registry.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { EntryDialog } from '../../../ui/EntryDialog.js';
import { useApp } from '../../app-context.js';
import { formFields, inputOf, type FormValues } from '../../contacts/form.js';
import { useStore } from '../../hooks.js';
import { useRequest } from '../../use-request.js';

/**
 * Create New Contact, or View/Edit one: every field on a line (several
 * emails or phones separated by commas), the three required ones first.
 * Save sends the form; the server checks it (E.164 numbers, a configured
 * person type) and a refusal is shown here with what was typed kept. A
 * contact made from a conversation or call is linked to it as it is saved.
 */
export function ContactFormDialog({
  contact,
  initial,
  link,
  width,
  height,
  onDone,
  onCancel,
}: {
  /** The contact being edited; null makes a new one. */
  contact: Contact | null;
  initial: FormValues;
  /** Link the new contact to this conversation or call. */
  link?: LinkTarget;
  width: number;
  /** The rows it may take (the pause banner and the toasts take some of 24). */
  height?: number;
  onDone: (saved: Contact) => void;
  onCancel: () => void;
}) {
  const { client } = useApp();
  const store = useStore(client);
  const settings = store.catalog?.contacts;
  const [values, setValues] = useState<FormValues>(initial);
  const { busy, error, request } = useRequest();
  const save = () =>
    request(async () => {
      const input = inputOf(values);
      const r = contact ? await client.send('contact.update', { id: contact.id, ...input }) : await client.send('contact.create', { ...input, link });
      onDone(r.contact);
    });
  // The agent's own key (the form's layer binds it once drawn).
  const saveKey = useBoundKeys()('entry.submit') ?? keyHint(command('entry.submit'));
  return (
    <EntryDialog
      title={contact ? `Contact ${contact.firstName} ${contact.lastName}` : link ? 'New contact, linked to this conversation' : 'Create New Contact'}
      note={`* required. Person type: ${(settings?.personTypes ?? []).join(', ')}. Several emails or phones: separate with commas. ${saveKey} saves.`}
      fields={formFields(settings).map((f) => ({ label: f.label, value: values[f.key] ?? '', onChange: (v: string) => setValues((s) => ({ ...s, [f.key]: v })) }))}
      error={error}
      busy={busy}
      width={width}
      height={height}
      onSubmit={() => void save()}
      onCancel={onCancel}
    />
  );
}
