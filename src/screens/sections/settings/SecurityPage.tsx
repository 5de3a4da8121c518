import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { ClientError } from '../../../client/session.js';
import type { Ban } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { EntryDialog } from '../../../ui/EntryDialog.js';
import { formatClock, formatDateTime, monthDay, textWidth, wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { agentName } from '../../chats/chats.js';
import { useAgentNames, useStore } from '../../hooks.js';
import { useRequest } from '../../use-request.js';

function day(at: number, wide: boolean): string {
  return wide ? formatDateTime(at) : monthDay(at);
}

/** What the bans are, beside their count where it fits. */
const BANS_SAY = '   live chat addresses that may not chat until the end date';

/**
 * Settings > Security: the list of banned customers with the manual's columns
 * (Name, Email, ID, IP Address, Start Date, End Date, Ban Reason, Banned By),
 * the selected ban whole on the line under it (narrow columns cut), and the
 * manual's actions: Ban an IP (supervisors only), Unban (agents only their
 * own bans: the server says so otherwise), Refresh. The list is kept live by
 * the server; Refresh drops bans that have run out since.
 */
export function SecurityPage({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client, toast } = useApp();
  const store = useStore(client);
  const me = store.myAgent();
  const supervisor = me?.role === 'supervisor';
  const [index, setIndex] = useState(0);
  const [refreshedAt, setRefreshedAt] = useState(() => store.serverNow());
  const [banning, setBanning] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const bans = store
    .list('ban')
    .filter((b) => b.end > refreshedAt)
    .sort((a, b) => b.start - a.start);
  useAgentNames(client, bans.map((b) => b.by.id));
  const selected = Math.min(index, Math.max(0, bans.length - 1));
  const current = bans[selected];
  const inner = width - 2;
  const wide = inner >= 150;
  const rows = Math.max(2, height - 4);

  const unban = (ban: Ban) => {
    client.send('ban.lift', { ip: ban.id }).then(
      (r) => {
        const text = r.message;
        setNotice({ text, error: false });
        toast(text, 'success');
      },
      (e: ClientError) => {
        setNotice({ text: e.message, error: true });
        toast(e.message, 'error');
      },
    );
  };

  useCommands(
    'security',
    {
      'list.up': selected > 0 ? () => setIndex(selected - 1) : undefined,
      'list.down': selected < bans.length - 1 ? () => setIndex(selected + 1) : undefined,
      'list.pageUp': selected > 0 ? () => setIndex(Math.max(0, selected - rows)) : undefined,
      'list.pageDown': selected < bans.length - 1 ? () => setIndex(Math.min(bans.length - 1, selected + rows)) : undefined,
      'security.ban': supervisor ? () => setBanning(true) : undefined,
      'security.unban': current ? () => unban(current) : undefined,
      'security.refresh': () => {
        setRefreshedAt(store.serverNow());
        setNotice({ text: `Refreshed at ${formatClock(store.serverNow())}: ${store.list('ban').filter((b) => b.end > store.serverNow()).length} bans in force.`, error: false });
      },
    },
    { priority: PRIORITY.section, active: !banning },
  );

  if (banning) return <BanAddressDialog width={Math.min(width, 70)} onClose={() => setBanning(false)} onDone={(text) => setNotice({ text, error: false })} />;

  const by = (b: Ban) => (b.by.kind === 'system' || !b.by.id ? 'System' : agentName(store, b.by.id));
  // Narrower than the columns, the start date gives way first, then the customer's ID, name, email and who banned: the address, the end and the reason stay.
  const columns: Column<Ban>[] = [
    { title: 'Name', width: wide ? 16 : 8, drop: 3, cell: (b) => b.name ?? '—' },
    { title: 'Email', width: wide ? 22 : 9, drop: 4, cell: (b) => b.email ?? '—' },
    { title: 'ID', width: wide ? 20 : 8, drop: 2, cell: (b) => b.customerId ?? '—' },
    // An IPv4 address whole (15); IPv6 ones are cut, and whole in the line under the table.
    { title: 'IP Address', width: wide ? 24 : 15, cell: (b) => b.id },
    { title: wide ? 'Start Date' : 'Start', width: wide ? 16 : 5, drop: 1, cell: (b) => day(b.start, wide) },
    { title: wide ? 'End Date' : 'End', width: wide ? 16 : 5, cell: (b) => day(b.end, wide) },
    { title: 'Ban Reason', width: 10, flex: true, cell: (b) => b.reason },
    { title: 'Banned By', width: wide ? 16 : 9, drop: 5, cell: by },
  ];
  // The selected ban whole, under the table whose narrow columns cut it: reason first, it is what is read.
  const detail = current
    ? wrapLines(
        [
          `${current.reason} — banned by ${by(current)} from ${formatClock(current.start)} to ${formatClock(current.end)} · ${current.name ?? 'no name'} · ${current.email ?? 'no email'} · ID ${current.customerId ?? '—'} · ${current.id}`,
        ],
        inner,
      ).slice(0, 3)
    : [];
  const tableHeight = Math.max(2, height - 1 - detail.length - (notice ? 1 : 0));
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Text wrap="truncate" color={theme.muted}>
        <Text bold color={undefined}>
          Banned customers: {bans.length}
        </Text>
        {/* Whole or not at all: cut, at 60 columns it read "that may not ch…". */}
        {textWidth(`Banned customers: ${bans.length}${BANS_SAY}`) <= inner ? BANS_SAY : ''}
      </Text>
      <DataTable columns={columns} rows={bans} rowKey={(b) => b.id} selected={bans.length ? selected : null} height={tableHeight} width={inner} empty="Nobody is banned." />
      {detail.map((line, i) => (
        <Text key={i} wrap="truncate" color={theme.muted}>
          {line}
        </Text>
      ))}
      {notice ? (
        <Text wrap="truncate" color={notice.error ? theme.danger : theme.success} bold={!theme.color}>
          {notice.error && !theme.color ? 'Error: ' : ''}
          {notice.text}
        </Text>
      ) : null}
    </Box>
  );
}

/** A supervisor bans an address directly: IP, hours and the reason. A second ban of the same address replaces the first. */
function BanAddressDialog({ width, onClose, onDone }: { width: number; onClose: () => void; onDone: (text: string) => void }) {
  const { client, toast } = useApp();
  const [ip, setIp] = useState('');
  const [hours, setHours] = useState('24');
  const [reason, setReason] = useState('');
  const { busy, error, setError, request } = useRequest();
  const submit = async () => {
    const n = Number(hours.trim());
    if (!hours.trim() || !Number.isFinite(n)) {
      setError('Give the ban duration in hours, e.g. 24.');
      return;
    }
    await request(async () => {
      const r = await client.send('ban.address', { ip: ip.trim(), hours: n, reason });
      toast(r.message, 'success');
      onDone(r.message);
      onClose();
    });
  };
  return (
    <EntryDialog
      title="Ban an IP address"
      tone="danger"
      note="Nobody at this address may start or continue a live chat until the ban ends."
      fields={[
        { label: 'IP address', value: ip, onChange: setIp, placeholder: '203.0.113.7' },
        { label: 'Hours', value: hours, onChange: setHours },
        { label: 'Reason', value: reason, onChange: setReason, placeholder: 'why it is banned' },
      ]}
      error={error}
      busy={busy}
      width={width}
      onCancel={onClose}
      onSubmit={() => void submit()}
    />
  );
}
