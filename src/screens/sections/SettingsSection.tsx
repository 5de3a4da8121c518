import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { useCommands } from '../../keys/router.js';
import { TabStrip } from '../../ui/TabStrip.js';
import { wrapLines } from '../../ui/format.js';
import { useBoundHint } from '../../ui/bound-hint.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { useCalls, type SettingsPageId } from '../calls/CallsContext.js';
import { AlertsTab } from './calls/AlertsTab.js';
import { VoiceSettingsPage } from './settings/VoiceSettings.js';
import { CannedPage } from './settings/CannedPage.js';
import { SecurityPage } from './settings/SecurityPage.js';
import { ApplicationPage } from './settings/ApplicationPage.js';
import { KeysPage } from './settings/KeysPage.js';
import { SignaturesPage } from './settings/SignaturesPage.js';
import { TemplatesPage } from './settings/TemplatesPage.js';
import { ScrolledPage } from './ScrolledPage.js';

const PAGES: Array<{ id: SettingsPageId; title: string; short: string }> = [
  { id: 'general', title: 'General', short: 'General' },
  { id: 'voice', title: 'Voice settings', short: 'Voice' },
  { id: 'alerts', title: 'Voice alerts', short: 'Alerts' },
  { id: 'security', title: 'Security', short: 'Security' },
  { id: 'canned', title: 'Canned responses', short: 'Canned' },
  { id: 'signatures', title: 'Email signatures', short: 'Signatures' },
  { id: 'templates', title: 'WhatsApp templates', short: 'WhatsApp' },
  { id: 'application', title: 'Application', short: 'Application' },
  { id: 'keys', title: 'Keys', short: 'Keys' },
];

/** Settings: the panel's connection and drawing, the agent's Voice settings, the Voice alerts list, the banned customers (Security), the canned responses and the WhatsApp templates. */
export function SettingsSection({ width, height }: { width: number; height: number }) {
  const callsState = useCalls();
  // While a Voice settings row has focus, ← → change its value instead of the page.
  const [editing, setEditing] = useState(false);
  const step = (n: number) => {
    const i = PAGES.findIndex((p) => p.id === callsState.settingsPage);
    callsState.setSettingsPage(PAGES[(i + n + PAGES.length) % PAGES.length]!.id);
  };
  useCommands('tabs', { 'tab.next': () => step(1), 'tab.prev': () => step(-1) }, { active: !editing });
  // Read from the commands bound, with the agent's own keys: the pages' keys, or while a page's rows have them the way back.
  const pagesHint = useBoundHint([
    { ids: ['settings.done'], label: 'back to the pages' },
    { ids: ['tab.prev', 'tab.next'], label: 'pages' },
  ]);
  const body = height - 1;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={PAGES} current={callsState.settingsPage} width={width} hint={pagesHint} />
      {callsState.settingsPage === 'general' ? (
        <General width={width} height={body} />
      ) : callsState.settingsPage === 'application' ? (
        <ApplicationPage width={width} height={body} editing={editing} onEditingChange={setEditing} />
      ) : callsState.settingsPage === 'keys' ? (
        <KeysPage width={width} height={body} />
      ) : callsState.settingsPage === 'voice' ? (
        <VoiceSettingsPage width={width} height={body} editing={editing} onEditingChange={setEditing} />
      ) : callsState.settingsPage === 'security' ? (
        <SecurityPage width={width} height={body} />
      ) : callsState.settingsPage === 'canned' ? (
        <CannedPage width={width} height={body} />
      ) : callsState.settingsPage === 'templates' ? (
        <TemplatesPage width={width} height={body} />
      ) : callsState.settingsPage === 'signatures' ? (
        <SignaturesPage width={width} height={body} onEditingChange={setEditing} />
      ) : (
        <AlertsTab width={width} height={body} />
      )}
    </Box>
  );
}

/** Columns of the General page's labels ("Email (SMTP in)" and two spaces). */
const LABEL = 18;

/** The panel's own facts, one a row; a short terminal under a banner scrolls them (ScrolledPage), so none is out of reach. */
function General({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { info, client } = useApp();
  const rows: Array<[string, string]> = [
    ['Server', info.serverLabel],
    // Where customers chat with us: the demo prints nothing but the panel, so this is where its address is shown.
    ['Chat page', info.httpBase ? `${info.httpBase}/chat` : 'not served (no web address known)'],
    // The demo's mail: where customers' mail comes in (SMTP) and where replies are kept instead of sent.
    ...(info.emailListener ? ([['Email (SMTP in)', `${info.emailListener} — mail to the queues' addresses`]] as Array<[string, string]>) : []),
    ...(info.emailRelay ? ([['Email (out)', info.emailRelay]] as Array<[string, string]>) : []),
    ['Connection', client.connection],
    ['Colours', theme.color ? 'on (set NO_COLOR to turn off)' : 'off (NO_COLOR is set)'],
    ['Command journal', info.journalPath ?? 'in memory'],
    ['Unsent actions', String(client.queued())],
  ];
  // A value too long for the row goes on under itself, between words: cut, at 60 columns the server's address and the
  // journal's path ended in "…", the one place they are shown.
  const lines = rows.flatMap(([k, v]) => wrapLines([v], Math.max(1, width - 2 - LABEL)).map((line, i) => ({ key: `${k}.${i}`, label: i === 0 ? k : '', line })));
  return (
    <ScrolledPage lines={lines.length} width={width} height={Math.max(0, height)}>
      <Box flexDirection="column" paddingX={1}>
        {lines.map(({ key, label, line }) => (
          <Text key={key} wrap="truncate">
            <Text color={theme.muted}>{label.padEnd(LABEL)}</Text>
            {line}
          </Text>
        ))}
      </Box>
    </ScrolledPage>
  );
}
