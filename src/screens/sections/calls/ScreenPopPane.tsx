import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { Call } from '../../../core/protocol/model.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit, textWidth, wrapLines } from '../../../ui/format.js';
import { useNow } from '../../../ui/hooks.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import type { PopState } from '../../calls/screen-pop-loader.js';
import { useCalls } from '../../calls/CallsContext.js';

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * The queue's screen-pop page as text, inside the panel. Loading shows its
 * progress and can be stopped; a failure says why and can be reloaded; the
 * page can be opened in the system browser or its URL copied. With `rows` of
 * 1 it is a one-line summary (hidden, or no room at this size).
 */
export function ScreenPopPane({ call, width, rows }: { call: Call & { screenPopUrl: string }; width: number; rows: number }) {
  const theme = useTheme();
  const { toast } = useApp();
  const terminal = useTerminal();
  const callsState = useCalls();
  const { pop } = callsState;
  useEffect(() => pop.ensure(call.id, call.screenPopUrl), [pop, call.id, call.screenPopUrl]);
  const state = pop.get(call.id);
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [call.id, state?.kind]);
  const bodyRows = Math.max(0, rows - 2);
  const lines = state?.kind === 'loaded' ? wrapLines(state.page.lines, width - 2) : [];
  const maxOffset = Math.max(0, lines.length - bodyRows);
  const url = state?.url ?? pop.addressOf(call.screenPopUrl);
  const open = rows > 1;

  useCommands(
    'screen-pop',
    {
      'pop.stop': state?.kind === 'loading' ? () => pop.stop(call.id) : undefined,
      'pop.reload': state && state.kind !== 'loading' ? () => pop.reload(call.id, call.screenPopUrl) : undefined,
      'pop.browser': () => {
        const how = terminal.openInBrowser(url, (reason) => toast(reason, 'warning'));
        toast(how === 'opened' ? `Opened in the browser — ${url}` : `No browser here: URL copied — ${url}`, 'info');
      },
      'pop.copyUrl': () => {
        terminal.copy(url);
        toast(`Copied the URL: ${url}`, 'success');
      },
      'pop.pageDown': open && offset < maxOffset ? () => setOffset((o) => Math.min(maxOffset, o + Math.max(1, bodyRows - 1))) : undefined,
      'pop.pageUp': open && offset > 0 ? () => setOffset((o) => Math.max(0, o - Math.max(1, bodyRows - 1))) : undefined,
    },
    // Under the call's keys (hang up, hold, transfer; the disposition hotkeys at screen + 5): the footer lists bound
    // commands by layer, and at 80 columns those must keep their places; the page's keys follow where there is room,
    // and the pane's title line names them meanwhile. No key of theirs is another layer's in between.
    { priority: PRIORITY.screen + 4 },
  );

  const title = state?.kind === 'loaded' && state.page.title ? state.page.title : url;
  const statusWidth = !state || state.kind === 'loading' ? 8 : state.kind === 'loaded' ? 8 : state.kind === 'stopped' ? 7 : 8;
  // The title comes first; the key hint only where it still fits (the help lists them all).
  const titleRoom = width - 16 - statusWidth;
  const shownTitle = fit(title, Math.max(10, titleRoom));
  const hint = popKeysHint(open, titleRoom - textWidth(shownTitle));
  const head = (
    <Text wrap="truncate">
      <Text color={theme.muted}>─ </Text>
      <Text bold>Screen pop</Text>
      <Text color={theme.muted}>: </Text>
      {shownTitle} <PopStatus state={state} />
      <Text color={theme.muted}>{hint}</Text>
    </Text>
  );
  if (!open) return head;
  let body: React.ReactNode;
  if (!state || state.kind === 'loading') body = <Loading url={url} startedAt={state?.kind === 'loading' ? state.startedAt : Date.now()} width={width} />;
  else if (state.kind === 'failed')
    body = (
      <>
        <Text wrap="truncate" color={theme.danger} bold={!theme.color}>
          {theme.color ? '⚠ ' : 'Warning: '}
          {state.reason}
        </Text>
        <Text wrap="truncate" color={theme.muted}>
          {fit(url, width - 20)} — {keyHint(command('pop.reload'))} reload
        </Text>
      </>
    );
  else if (state.kind === 'stopped')
    body = (
      <Text wrap="truncate" color={theme.warning}>
        Stopped before the page loaded. {keyHint(command('pop.reload'))} reload
      </Text>
    );
  else
    body = lines.slice(offset, offset + bodyRows).map((l, i) => (
      <Text key={offset + i} wrap="truncate">
        {' '}
        {l}
      </Text>
    ));
  return (
    <Box flexDirection="column" width={width} height={rows} overflow="hidden">
      {head}
      {body}
      {state?.kind === 'loaded' && lines.length > bodyRows ? (
        <Text color={theme.muted}>
          {' '}
          lines {offset + 1}-{Math.min(lines.length, offset + bodyRows)} of {lines.length} · {keyHint(command('pop.pageUp'))}/{keyHint(command('pop.pageDown'))} scroll
        </Text>
      ) : null}
    </Box>
  );
}

/**
 * The pane's own keys beside its title, as the agent has them (their keymap
 * may differ from the registry's): as many whole as fit `room`, the toggle
 * given up first (the footer names it), nothing rather than a cut one.
 */
function popKeysHint(open: boolean, room: number): string {
  const key = (id: 'pop.toggle' | 'pop.browser' | 'pop.copyUrl') => keyHint(command(id));
  const toggle = `${key('pop.toggle')} ${open ? 'hide' : 'show'}`;
  const choices = open
    ? [[toggle, `${key('pop.browser')} browser`, `${key('pop.copyUrl')} copy URL`], [`${key('pop.browser')} browser`, `${key('pop.copyUrl')} copy URL`]]
    : [[toggle]];
  const fitting = choices.map((parts) => `  ${parts.join(' · ')}`).find((h) => textWidth(h) <= room);
  return fitting ?? '';
}

function PopStatus({ state }: { state: PopState | undefined }) {
  const theme = useTheme();
  if (!state || state.kind === 'loading') return <Text color={theme.info}>loading…</Text>;
  if (state.kind === 'loaded') return <Text color={theme.success}>✓ loaded</Text>;
  if (state.kind === 'stopped') return <Text color={theme.warning}>stopped</Text>;
  return (
    <Text color={theme.danger} bold={!theme.color}>
      ✗ failed
    </Text>
  );
}

function Loading({ url, startedAt, width }: { url: string; startedAt: number; width: number }) {
  const theme = useTheme();
  const now = useNow(120);
  const elapsed = Math.max(0, now - startedAt);
  // An indeterminate bar: fetch gives no length to measure against.
  const size = 12;
  const at = Math.floor(elapsed / 120) % size;
  const bar = Array.from({ length: size }, (_, i) => (Math.abs(i - at) <= 1 ? '■' : '□')).join('');
  return (
    <Text wrap="truncate">
      <Text color={theme.info}>{SPIN[Math.floor(elapsed / 120) % SPIN.length]} </Text>
      Loading <Text color={theme.accent}>{bar}</Text> {(elapsed / 1000).toFixed(1)} s <Text color={theme.muted}>{keyHint(command('pop.stop'))} stop · {fit(url, Math.max(10, width - 45))}</Text>
    </Text>
  );
}
