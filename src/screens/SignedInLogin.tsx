import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { CheckResult } from '../core/protocol/results.js';
import { useBoundKeys } from '../ui/bound-hint.js';
import { ErrorText } from '../ui/ErrorText.js';
import { useTheme } from '../ui/ThemeContext.js';
import { useApp } from './app-context.js';
import { useClientState } from './hooks.js';
import type { Credentials } from './LoginScreen.js';

/**
 * The login screen of a panel whose agent was authenticated before it started
 * (the SSH server checked the agent number and PIN, or a key listed for them):
 * nothing to type. An agent already logged in (a terminal closed, a second
 * one) joins the running session at once; otherwise the Agent Login Window
 * follows, as after the login screen.
 */
export function SignedInLogin({
  width,
  signedIn,
  onChecked,
}: {
  width: number;
  signedIn: { agent: string; pin: string };
  onChecked: (credentials: Credentials, result: CheckResult) => void;
}) {
  const { client } = useApp();
  const theme = useTheme();
  const { connection } = useClientState(client);
  const [error, setError] = useState<string | null>(null);
  const online = connection === 'online';
  // The quit key as the footer names it (the agent's own): a sentence naming Ctrl+C by hand was wrong once it was moved.
  const quitKey = useBoundKeys()('app.quit');

  useEffect(() => {
    if (!online) return;
    let gone = false;
    const credentials: Credentials = { agent: signedIn.agent, pin: signedIn.pin, email: '', password: '' };
    void (async () => {
      try {
        const result = await client.check({ agent: signedIn.agent, pin: signedIn.pin });
        if (gone) return;
        if (!result.loggedIn) return onChecked(credentials, result);
        try {
          await client.login({ agent: signedIn.agent, pin: signedIn.pin, strategy: 'inbound', as: 'available', joinOnly: true, client: 'panel' });
        } catch (e) {
          // The session ended between the two questions: log in afresh.
          if ((e as { code?: string }).code === 'NOT_LOGGED_IN_ANYWHERE' && !gone) onChecked(credentials, { ...result, loggedIn: false });
          else throw e;
        }
      } catch (e) {
        if (!gone) setError((e as Error).message);
      }
    })();
    return () => void (gone = true);
  }, [client, online, signedIn.agent, signedIn.pin, onChecked]);

  return (
    <Box flexDirection="column" paddingX={2} paddingY={1} width={width}>
      <Text bold color={theme.accent}>
        switchboard — agent {signedIn.agent}
      </Text>
      <Text> </Text>
      {error ? (
        <>
          <ErrorText indent="  ">{error}</ErrorText>
          <Text color={theme.muted}>{quitKey ? `  Press ${quitKey} twice to close this terminal, then try again.` : '  Close this terminal, then try again.'}</Text>
        </>
      ) : (
        <Text color={theme.muted}>  Signing in…</Text>
      )}
    </Box>
  );
}
