import { Box, Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../../../client/store.js';
import type { Conversation } from '../../../core/protocol/model.js';
import { contactName, type Contact, type ContactRef } from '../../../core/protocol/contacts.js';
import { fit, formatClock, oneLine } from '../../../ui/format.js';
import { hyperlink } from '../../../ui/terminal.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useLinkedContact } from '../../contacts/use-linked-contact.js';
import { agentName, closureText, mapUrl, queueName, statusWord, whyRows } from '../../chats/chats.js';
import { INACTIVE_WORDS } from '../../chats/inactive-return.js';
import { fitProfileRows } from '../../chats/profile-fit.js';
import { customerRows, mayBeBanned } from '../../chats/profile-rows.js';

/**
 * The customer's profile (what their channel gives: name, email, phone,
 * address, WhatsApp name, Facebook name and page; location with its
 * OpenStreetMap link, clickable through OSC 8 where the terminal supports it)
 * and the conversation card line by line: start, queue, agent, transfers,
 * status, closure and why it came to me. Ban is offered where the customer
 * has an address, a number or a page-scoped id. Rows that do not fit go
 * least important first (profile-fit.ts), not from the bottom.
 */
type Row = [string, string] | ['map', string] | ['title', string];

/** Two columns (customer | conversation) from this width; one above the other below it. */
const SIDE_BY_SIDE = 70;

export function ProfilePane({
  conversation: c,
  store,
  me,
  width,
  height,
  closable,
}: {
  conversation: Conversation;
  store: ClientStore;
  me: string;
  width: number;
  height: number;
  /** Shown in place of the log (narrow): i closes it. */
  closable: boolean;
}) {
  const theme = useTheme();
  const { client } = useApp();
  const linked = useLinkedContact(client, c.contact?.id ?? null);
  const now = store.serverNow();
  const clock = (at: number) => formatClock(at, now);
  const cu = c.customer;
  const geo = cu.geo;
  const place = geo ? [geo.city, geo.country].filter(Boolean).join(', ') : '';
  const customer: Row[] = [['title', 'Customer'], ...customerRows(c)];
  // Only a web visitor has a place to tell (from their address); an email's would always be "not known".
  if (c.channel === 'livechat' || geo) customer.push(['Location', geo ? place || 'a place with no name' : 'not known']);
  if (geo) customer.push(['Lat, lon', `${geo.lat.toFixed(4)}, ${geo.lon.toFixed(4)}`]);
  if (geo) customer.push(['map', mapUrl(geo.lat, geo.lon)]);
  customer.push(...contactRows(c.contact ?? null, linked));
  const conversation: Row[] = [
    ['title', 'Conversation'],
    ['ID', c.id],
    ['Channel', c.channel],
    ['Started', clock(c.createdAt)],
    ['Queue', queueName(store.catalog, c.queue)],
    ['Agent', c.agent ? agentName(store, c.agent, me) : 'unassigned'],
    ['Status', statusWord(c)],
  ];
  if (c.transfersOmitted) conversation.push(['Transfers', `${c.transfersOmitted.toLocaleString('en')} earlier, then:`]);
  for (const t of c.transfers)
    conversation.push(
      t.inactive
        ? ['Reassigned', `${clock(t.at)} ${agentName(store, t.by, me)} ${INACTIVE_WORDS[t.inactive]}: back to ${queueName(store.catalog, t.toQueue)}`]
        : [
            'Transfer',
            `${clock(t.at)} ${agentName(store, t.by, me)}: ${t.toAgent ? `to ${agentName(store, t.toAgent, me)}` : `${queueName(store.catalog, t.fromQueue)} → ${queueName(store.catalog, t.toQueue)}`}`,
          ],
    );
  if (c.transfers.length === 0) conversation.push(['Transfers', 'none']);
  const closure = closureText(c, clock, store, me);
  if (closure) conversation.push(['Closure', closure]);
  if (c.agent === me) conversation.push(...whyRows(c));
  const actions = ['l contact', 'y history', mayBeBanned(c) ? 'B ban customer' : null, geo ? 'm open map' : null, closable ? 'i close' : null].filter(Boolean).join(' · ');
  const sideBySide = width >= SIDE_BY_SIDE;
  const rows = Math.max(1, height - 1);
  const column = (list: Row[], w: number, key: string) => (
    <Box key={key} flexDirection="column" width={w}>
      {fitProfileRows(list, rows).map((r, i) => (
        <ProfileRow key={i} row={r} width={w} />
      ))}
    </Box>
  );
  const half = Math.floor((width - 1) / 2);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {sideBySide ? (
        <Box width={width}>
          {column(customer, half, 'customer')}
          <Box width={1} />
          {column(conversation, width - half - 1, 'conversation')}
        </Box>
      ) : (
        column([...customer, ...conversation], width, 'all')
      )}
      <Text color={theme.muted} wrap="truncate">
        {actions}
      </Text>
    </Box>
  );
}

/** The linked contact's details, as the profile card shows them (the manual: all available contact information). */
function contactRows(ref: ContactRef | null, contact: Contact | null): Row[] {
  if (!ref) return [['Contact', 'not linked (l links one)']];
  if (!contact) return [['Contact', `${ref.name} (linked)`]];
  const rows: Row[] = [['title', `Contact: ${contactName(contact)}`], ['Type', contact.personType]];
  if (contact.company) rows.push(['Company', contact.company]);
  if (contact.emails.length) rows.push(['Emails', contact.emails.join(', ')]);
  if (contact.phones.length) rows.push(['Phones', contact.phones.join(', ')]);
  if (contact.notes) rows.push(['Notes', oneLine(contact.notes)]);
  return rows;
}

const LABEL = 11;

function ProfileRow({ row: r, width }: { row: Row; width: number }) {
  const theme = useTheme();
  if (r[0] === 'title')
    return (
      <Text bold color={theme.accent} underline={!theme.color} wrap="truncate">
        {r[1]}
      </Text>
    );
  if (r[0] === 'map')
    return (
      <Text wrap="truncate">
        {' '.repeat(LABEL)}
        {/* The label is the link: short enough never to be cut (a cut OSC 8 sequence would leak). */}
        <Text color={theme.info} underline>
          {hyperlink(r[1], 'OpenStreetMap ↗')}
        </Text>
      </Text>
    );
  return (
    <Text wrap="truncate">
      <Text color={theme.muted}>{r[0].padEnd(LABEL)}</Text>
      {fit(r[1], Math.max(5, width - LABEL))}
    </Text>
  );
}
