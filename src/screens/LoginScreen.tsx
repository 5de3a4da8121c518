import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { ClientError } from '../client/session.js';
import type { CheckResult } from '../core/protocol/results.js';
import { useCommands } from '../keys/router.js';
import { ErrorText } from '../ui/ErrorText.js';
import { TextField } from '../ui/TextField.js';
import { useTheme } from '../ui/ThemeContext.js';
import { useApp } from './app-context.js';

export interface Credentials {
  agent: string;
  pin: string;
  email: string;
  password: string;
}

const FIELDS = [
  { key: 'agent', label: 'Agent number' },
  { key: 'pin', label: 'PIN', mask: true },
  { key: 'email', label: 'Email' },
  { key: 'password', label: 'Password', mask: true },
] as const;

/** The first screen: agent number and PIN, email and password. */
export function LoginScreen({
  width,
  height,
  initial,
  note,
  onChecked,
}: {
  width: number;
  /** Rows it may take: short of them, the blank rows around the form go first. */
  height: number;
  initial: Credentials;
  /** Why the agent sees this screen although they asked to be logged in by themselves. */
  note?: string | null;
  onChecked: (credentials: Credentials, result: CheckResult) => void;
}) {
  const { client, info } = useApp();
  const theme = useTheme();
  const [values, setValues] = useState<Credentials>(initial);
  // The first field has the keyboard from the start, prefilled or not: keys typed at once (a
  // burst from tmux or a paste) go into Agent number, and Enter logs in with what is there.
  const [focus, setFocus] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (!values.agent.trim() || !values.pin) {
      setError('Enter your agent number and PIN.');
      setFocus(values.agent.trim() ? 1 : 0);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await client.check({
        agent: values.agent.trim(),
        pin: values.pin,
        email: values.email.trim() || undefined,
        password: values.email.trim() ? values.password : undefined,
      });
      onChecked(values, result);
    } catch (e) {
      // With its code, as the CLI prints it: what the agent reads out to a supervisor or finds in the README.
      const { code, message } = e as ClientError;
      setError(code ? `${message} (${code})` : message);
      setBusy(false);
    }
  };

  useCommands('login', {
    'form.next': () => setFocus((f) => (f + 1) % (FIELDS.length + 1)),
    'form.prev': () => setFocus((f) => (f + FIELDS.length) % (FIELDS.length + 1)),
    'login.submit': () => void submit(),
  });

  const labelWidth = 14;
  const fieldWidth = Math.min(60, width - 6);
  // Near the panel's minimum size (60x16) the sentences below wrap to two lines each: the form keeps them, not its margins.
  const tight = height < 16;
  return (
    <Box flexDirection="column" paddingX={2} paddingY={tight ? 0 : 1}>
      <Text bold color={theme.accent}>
        switchboard — agent login
      </Text>
      <Text color={theme.muted}>{info.serverLabel}</Text>
      <Text> </Text>
      {FIELDS.map((f, i) => (
        <TextField
          key={f.key}
          label={f.label}
          labelWidth={labelWidth}
          width={fieldWidth}
          value={values[f.key]}
          mask={'mask' in f ? f.mask : false}
          focused={focus === i}
          onChange={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
        />
      ))}
      <Text> </Text>
      <Text>
        {'  '}
        <Text inverse={focus === FIELDS.length} bold>
          {busy ? ' Checking… ' : ' Log in '}
        </Text>
      </Text>
      {tight ? null : <Text> </Text>}
      {error ? (
        <ErrorText indent="  ">{error}</ErrorText>
      ) : note ? (
        // Indented as a box, not with spaces: a note on two lines keeps its second under its first.
        <Box paddingLeft={2}>
          <Text color={theme.warning} wrap="wrap">
            {note}
          </Text>
        </Box>
      ) : (
        <Box paddingLeft={2}>
          <Text color={theme.muted}>Email and password are optional when you log in with agent number and PIN.</Text>
        </Box>
      )}
      {info.loginHint ? (
        <Box paddingLeft={2}>
          <Text color={theme.muted}>{info.loginHint}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
