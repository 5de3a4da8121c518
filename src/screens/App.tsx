import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AgentClient } from '../client/session.js';
import type { CheckResult } from '../core/protocol/results.js';
import { memorySettings, type SettingsStore } from '../client/settings.js';
import type { KeyCommand } from '../keys/registry.js';
import { command, keyHint, keysNotTyped } from '../keys/registry.js';
import { PRIORITY, useCommands, useRouter } from '../keys/router.js';
import { Dialog } from '../ui/Dialog.js';
import { Footer } from '../ui/Footer.js';
import { HelpOverlay, type HelpCommand } from '../ui/HelpOverlay.js';
import { useTerminalSize } from '../ui/hooks.js';
import { MIN_COLUMNS, MIN_ROWS, tooSmall } from '../ui/min-size.js';
import { Palette } from '../ui/Palette.js';
import { useTheme } from '../ui/ThemeContext.js';
import { AppProvider, type AppApi, type AppInfo, type ToastTone } from './app-context.js';
import { AgentLoginScreen } from './AgentLoginScreen.js';
import { useClientState } from './hooks.js';
import { LoginScreen, type Credentials } from './LoginScreen.js';
import { Panel } from './Panel.js';
import { TypingToMe } from './agent-chat/TypingToMe.js';
import { useAutoLogin } from './auto-login.js';
import { AppSettingsProvider } from './settings/AppSettingsContext.js';
import { sendOrKeep } from './send-or-keep.js';
import { useLateAnswers } from './late-answers.js';
import { SignedInLogin } from './SignedInLogin.js';
import { TooSmall } from './TooSmall.js';

const OVERLAY_SCOPES = new Set(['help', 'palette', 'picker', 'dialog']);

type Overlay =
  | { kind: 'help'; commands: HelpCommand[]; screen: string | null }
  | { kind: 'palette'; commands: KeyCommand[]; greyed: KeyCommand[] }
  | null;

/** Moving through a list is what arrow keys are for: the palette does not offer it. */
const MOVEMENT = /\.(up|down|pageUp|pageDown|home|end|next|prev|left|right)$/;
const isMovement = (d: KeyCommand) => d.scope === 'list' || d.scope === 'form' || (MOVEMENT.test(d.id) && !d.palette);

/** The whole panel: login flow or agent panel, overlays, toasts and the key footer. */
export function App({ client, info, onExit }: { client: AgentClient; info: AppInfo; onExit: () => void }) {
  const terminal = useTerminalSize();
  const squeezed = tooSmall(terminal.columns, terminal.rows);
  // Hidden while the terminal is too small, the panel is still laid out, at the minimum size: no screen
  // sees a size it was not made for, and it comes back as it was (a remount would lose what is typed).
  const columns = Math.max(terminal.columns, MIN_COLUMNS);
  const rows = Math.max(terminal.rows, MIN_ROWS);
  const theme = useTheme();
  const router = useRouter();
  const state = useClientState(client);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [toast, setToast] = useState<{ text: string; tone: ToastTone } | null>(null);
  const [quitArmed, setQuitArmed] = useState(false);
  const [checked, setChecked] = useState<{ credentials: Credentials; result: CheckResult } | null>(null);
  const onChecked = useCallback((credentials: Credentials, result: CheckResult) => setChecked({ credentials, result }), []);
  const lastAgent = useRef(info.prefill?.agent ?? '');
  const toastTimer = useRef<NodeJS.Timeout | null>(null);
  const settingsStore = useRef<Promise<SettingsStore> | null>(null);

  const showToast = useCallback((text: string, tone: ToastTone = 'info') => {
    setToast({ text, tone });
    if (toastTimer.current) clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => setToast(null), tone === 'error' ? 6000 : 3500);
  }, []);
  useEffect(() => () => void (toastTimer.current && clearTimeout(toastTimer.current)), []);
  useLateAnswers(client, showToast);

  const here = useRef<string | null>(null);
  const api = useMemo<AppApi>(
    () => ({
      client,
      info,
      here,
      toast: showToast,
      exit: onExit,
      settings() {
        if (!settingsStore.current) {
          const given = info.settings ?? memorySettings();
          settingsStore.current =
            typeof given === 'function'
              ? given().catch((e: Error) => {
                  showToast(`Your panel settings could not be read (${e.message}); defaults are used until you quit.`, 'warning');
                  return memorySettings();
                })
              : Promise.resolve(given);
        }
        return settingsStore.current;
      },
      async act(cmd, args, success) {
        const { sent, kept } = sendOrKeep(client, cmd, args, showToast);
        if (kept) return true;
        try {
          await sent;
          if (success) showToast(success, 'success');
          return true;
        } catch (e) {
          showToast((e as Error).message, 'error');
          return false;
        }
      },
    }),
    [client, info, showToast, onExit],
  );

  const available = () => router.bound().map((b) => b.def).filter((d) => !OVERLAY_SCOPES.has(d.scope));
  // The help lists the keys that reach each command now: none of one a command above it takes first,
  // and, opened from a text box, no letter the box would type (the footer's rule). The composer's
  // Esc line says where the conversation's letter keys are; the help opened after Esc lists them.
  const helpCommands = (): HelpCommand[] => {
    const typing = router.typing();
    return router
      .bound()
      .map((b) => ({ def: b.def, reaching: keysNotTyped(b.keys, typing) }))
      .filter((b) => !OVERLAY_SCOPES.has(b.def.scope) && b.reaching.length > 0)
      .map((b) => ({ ...b.def, reaching: b.reaching }));
  };
  const quit = () => {
    if (quitArmed) onExit();
    else {
      setQuitArmed(true);
      setTimeout(() => setQuitArmed(false), 3000);
    }
  };
  useCommands(
    'global',
    {
      'app.help': overlay ? undefined : () => setOverlay({ kind: 'help', commands: helpCommands(), screen: here.current }),
      'app.palette': overlay
        ? undefined
        : () =>
            setOverlay({
              kind: 'palette',
              commands: available().filter((d) => d.id !== 'app.palette' && !d.needsKey && !isMovement(d)),
              greyed: router.offered().filter((d) => !OVERLAY_SCOPES.has(d.scope) && !d.needsKey),
            }),
      'app.quit': quit,
    },
    { priority: PRIORITY.global },
  );
  // Squeezed, no key but quitting works: keys would act on a screen the agent cannot see, or type into a hidden field.
  useCommands('too-small', { 'app.quit': quit }, { priority: PRIORITY.terminal, modal: true, active: squeezed });

  const autoNote = useAutoLogin(client, info.autoLogin, state.connection, state.session);
  if (client.agent) lastAgent.current = client.agent;
  const height = rows - 1;
  // A toast too long for one line takes a second rather than end in "…": an error's sentence must be read whole.
  const toastRows = toast ? Math.min(2, Math.ceil(stringWidth(toastText(toast.text, toast.tone, theme.color)) / Math.max(1, columns))) : 1;
  const bodyHeight = height - 1 - Math.max(1, toastRows);
  // The help or the palette in `rows`: the panel gives it the rows under its header and banners, which a pause or a
  // ringing call makes one fewer (sized for the header alone, the help lost its bottom border and last line there).
  const overlayIn = (rows: number) =>
    overlay?.kind === 'help' ? (
      <HelpOverlay commands={overlay.commands} screen={overlay.screen} width={columns} height={rows} onClose={() => setOverlay(null)} />
    ) : overlay?.kind === 'palette' ? (
      <Palette
        commands={overlay.commands}
        greyed={overlay.greyed}
        width={columns}
        height={rows}
        onClose={() => setOverlay(null)}
        onRun={(id) => {
          setOverlay(null);
          // Run after the palette has closed, so the command acts on the screen beneath.
          setTimeout(() => router.run(id), 0);
        }}
      />
    ) : null;
  const overlayNode = overlayIn(bodyHeight - 4);

  // The manual shows the broken-session message within the panel: it takes the
  // panel's body like any overlay (stacked above the panel, both were squashed).
  const brokenNode =
    state.session === 'broken' ? (
      <Dialog
        title="Agent session is broken"
        message={state.brokenMessage ?? 'Your session ended.'}
        width={Math.min(76, columns)}
        onConfirm={() => client.acknowledgeBroken()}
      />
    ) : null;

  let body: React.ReactNode;
  if (state.session === 'logged-in' || (state.session === 'broken' && client.store.myAgent())) {
    body = <Panel width={columns} height={bodyHeight} overlay={brokenNode ? () => brokenNode : overlayNode ? overlayIn : null} />;
  } else if (brokenNode) {
    body = brokenNode;
  } else {
    let login: React.ReactNode;
    if (checked) {
      // An agent signed in by the SSH server has no login screen to go back to, nor one to read there why they were logged out.
      login = (
        <AgentLoginScreen
          width={columns}
          height={bodyHeight}
          credentials={checked.credentials}
          check={checked.result}
          onBack={info.signedIn ? undefined : () => setChecked(null)}
          note={info.signedIn ? state.endedElsewhere : null}
        />
      );
    } else if (info.signedIn) {
      login = <SignedInLogin width={columns} signedIn={info.signedIn} onChecked={onChecked} />;
    } else {
      const initial: Credentials = {
        agent: lastAgent.current,
        pin: info.prefill?.pin ?? '',
        email: info.prefill?.email ?? '',
        password: info.prefill?.password ?? '',
      };
      login = <LoginScreen width={columns} height={bodyHeight} initial={initial} note={state.endedElsewhere ?? autoNote} onChecked={onChecked} />;
    }
    // The help or the palette hides the login screen but keeps it: unmounted, it forgot what the
    // agent had typed and chosen (Outbound, Paused), and came back with its first values.
    // Not shrunk to the body: taller than it, its last rows are cut, not its title drawn over.
    body = (
      <>
        <Box display={overlayNode ? 'none' : 'flex'} flexShrink={0}>
          {login}
        </Box>
        {overlayNode}
      </>
    );
  }

  // Once logged in, the agent-login window is done with.
  useEffect(() => {
    if (state.session === 'logged-in') setChecked(null);
  }, [state.session]);

  return (
    <AppProvider api={api}>
      <AppSettingsProvider>
        <Box flexDirection="column">
          <Box display={squeezed ? 'none' : 'flex'} flexDirection="column" width={columns} height={height}>
            <Box flexDirection="column" height={bodyHeight} overflow="hidden">
              {body}
            </Box>
            <Box height={Math.max(1, toastRows)} width={columns} overflow="hidden">
              {toast ? (
                <Toast text={toast.text} tone={toast.tone} />
              ) : state.connection === 'connecting' ? (
                <Text color={theme.muted}>Connecting…</Text>
              ) : state.session === 'logged-in' ? (
                <TypingToMe client={client} />
              ) : (
                <Text> </Text>
              )}
            </Box>
            <Footer width={columns} note={quitArmed ? `Press ${keyHint(command('app.quit'))} again to quit` : undefined} />
          </Box>
          {squeezed ? (
            <TooSmall
              columns={terminal.columns}
              rows={terminal.rows}
              height={Math.max(1, terminal.rows - 1)}
              notice={toast ? toastText(toast.text, toast.tone, theme.color) : null}
              quitArmed={quitArmed}
            />
          ) : null}
        </Box>
      </AppSettingsProvider>
    </AppProvider>
  );
}

/** The line above the footer: what just happened, in its tone (said in words where there is no colour). */
function Toast({ text, tone }: { text: string; tone: ToastTone }) {
  const theme = useTheme();
  const color = tone === 'error' ? theme.danger : tone === 'success' ? theme.success : tone === 'warning' ? theme.warning : theme.info;
  return (
    <Text color={color} bold={!theme.color} wrap="wrap">
      {toastText(text, tone, theme.color)}
    </Text>
  );
}

/** A toast's words; an error says it is one where there is no colour to say it. */
function toastText(text: string, tone: ToastTone, color: boolean): string {
  return tone === 'error' && !color ? `Error: ${text}` : text;
}
