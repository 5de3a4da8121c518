import React, { useEffect, useState } from 'react';
import { contactName, type Contact, type ContactRef, type LinkTarget } from '../../../core/protocol/contacts.js';
import { Dialog } from '../../../ui/Dialog.js';
import { useApp } from '../../app-context.js';
import { valuesFromCustomer, valuesOf } from '../../contacts/form.js';
import { useStore } from '../../hooks.js';
import { ContactFormDialog } from './ContactFormDialog.js';
import { ContactPicker } from './ContactPicker.js';

type Step = { kind: 'pick' } | { kind: 'create' } | { kind: 'edit'; contact: Contact } | { kind: 'unlink'; contact: ContactRef };
type Action = 'create' | 'view' | 'unlink';

/**
 * The contact of a conversation (any channel) or a call, from its profile
 * card or the call widget: link to an existing contact (suggestions first:
 * the same email, number or page id; then search), create a contact from
 * what the conversation knows and link it, and for a linked one View/Edit
 * and Unlink (asks first).
 */
export function ContactLinkFlow({
  target,
  linked,
  customer,
  channel,
  what,
  width,
  height,
  onClose,
}: {
  target: LinkTarget;
  linked: ContactRef | null;
  customer: { id?: string; name: string | null; email?: string | null; phone?: string | null };
  /** The conversation's channel (a call has none): WhatsApp and Facebook give the form more. */
  channel?: string;
  /** "conversation" or "call", in the words offered. */
  what: string;
  width: number;
  height: number;
  onClose: () => void;
}) {
  const { client, toast } = useApp();
  const store = useStore(client);
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [suggestions, setSuggestions] = useState<Contact[]>([]);
  const dialogWidth = Math.min(width, 78);
  const targetKey = target.conversation ?? target.call;
  useEffect(() => {
    let live = true;
    client.send('contacts.suggest', targetKey === target.conversation ? { conversation: targetKey } : { call: targetKey }).then(
      (r) => live && setSuggestions(r.contacts),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, targetKey, target.conversation]);
  const failed = (e: Error) => toast(e.message, 'error');

  if (step.kind === 'create')
    return (
      <ContactFormDialog contact={null} initial={valuesFromCustomer(customer, store.catalog?.contacts, channel)} link={target} width={dialogWidth} height={height} onDone={(c) => (toast(`Created ${contactName(c)} and linked this ${what}.`, 'success'), onClose())} onCancel={onClose} />
    );
  if (step.kind === 'edit')
    return <ContactFormDialog contact={step.contact} initial={valuesOf(step.contact)} width={dialogWidth} height={height} onDone={(c) => (toast(`Saved ${contactName(c)}.`, 'success'), onClose())} onCancel={onClose} />;
  if (step.kind === 'unlink')
    return (
      <Dialog
        title={`Unlink ${step.contact.name}?`}
        message={`This ${what} leaves ${step.contact.name}'s History; the contact stays.`}
        confirmLabel="Unlink"
        width={Math.min(width, 64)}
        onCancel={onClose}
        onConfirm={() => void client.send('contact.unlink', target).then(() => (toast(`Unlinked from ${step.contact.name}.`, 'success'), onClose()), failed)}
      />
    );
  const actions: Array<{ action: Action; label: string }> = [];
  if (linked) actions.push({ action: 'view', label: `View/Edit ${linked.name}` }, { action: 'unlink', label: `Unlink ${linked.name}` });
  actions.push({ action: 'create', label: `+ Create a new contact from this ${what}` });
  return (
    <ContactPicker<Action>
      title={linked ? `Linked to ${linked.name}: link to another contact, or` : `Link this ${what} to a contact`}
      actions={actions}
      suggestions={suggestions}
      exclude={linked?.id}
      width={dialogWidth}
      height={height}
      onCancel={onClose}
      onChoose={(item) => {
        if ('contact' in item) {
          void client.send('contact.link', { id: item.contact.id, ...target }).then(() => (toast(`Linked to ${contactName(item.contact)}.`, 'success'), onClose()), failed);
        } else if (item.action === 'create') setStep({ kind: 'create' });
        else if (item.action === 'unlink' && linked) setStep({ kind: 'unlink', contact: linked });
        else if (item.action === 'view' && linked) void client.send('contact.get', { id: linked.id }).then((r) => setStep({ kind: 'edit', contact: r.contact }), failed);
      }}
    />
  );
}
