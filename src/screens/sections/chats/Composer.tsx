import { Box, Text, type Key } from 'ink';
import React, { useCallback } from 'react';
import type { UploadedFile } from '../../../client/upload.js';
import { isPastedText, isPrintable } from '../../../keys/key-name.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { fit, wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { sizeText } from '../../chats/chats.js';
import { completeShortcode, replaceShortcodes, shortcodeMatches, typedShortcode } from '../../chats/emoji.js';

/** Draft lines shown at most; a longer draft shows its end, where the typing is. */
const MAX_DRAFT_LINES = 3;

/** The draft as it is drawn: its last lines, wrapped to the width. */
function draftLines(draft: string, width: number, max = MAX_DRAFT_LINES): string[] {
  return wrapLines(draft.split('\n'), Math.max(5, width - 3)).slice(-max);
}

/**
 * An email's composer: long text (Enter is a new line, Ctrl+D sends), the
 * agent's own editor, and a line for its copies and signature.
 */
export interface EmailComposing {
  /** Lines of the draft shown at most (the end, where the typing is). */
  maxLines: number;
  /** "To cara@… · Cc boss@… · Signature: Work". */
  envelope: string;
  /** Absent where no editor can run (no terminal of the panel's own). */
  onEditor?: () => void;
  onCopies: () => void;
  onSignature: () => void;
}

/** Why nothing can be written, in at most two lines (a platform's rule says why and since when). */
export function disabledLines(reason: string, width: number): string[] {
  return wrapLines([reason], Math.max(10, width)).slice(0, 2);
}

/** Lines the composer takes for this draft: the rule, the draft, files and the emoji hint when there are any. */
export function composerRows(draft: string, files: UploadedFile[], width: number, focused: boolean, email?: EmailComposing): number {
  const hint = focused && typedShortcode(draft) && shortcodeMatches(typedShortcode(draft)!).length > 0 ? 1 : 0;
  return 1 + Math.max(1, draftLines(draft, width, email?.maxLines).length) + (files.length > 0 ? 1 : 0) + hint + (email ? 1 : 0);
}

/**
 * The composer: a multi-line draft (Enter sends, Ctrl+N or Ctrl+J starts a
 * new line), emoji by shortcode (":smile:" turns into 😄 when the colon is
 * typed; Tab completes one being typed), files attached by path (Ctrl+F;
 * Backspace on an empty draft drops the last), and canned responses
 * (Ctrl+R). While focused it takes printable keys, digits included, before
 * any command. Esc leaves it with the draft kept.
 */
export function Composer({
  draft,
  onDraft,
  files,
  onFiles,
  focused,
  width,
  sending,
  onSend,
  onCanned,
  onAttach,
  onTemplate,
  onLeave,
  onType,
  disabledReason,
  info,
  email,
}: {
  draft: string;
  onDraft: (text: string) => void;
  files: UploadedFile[];
  onFiles: (files: UploadedFile[]) => void;
  focused: boolean;
  width: number;
  sending: boolean;
  onSend: () => void;
  onCanned: () => void;
  /** Absent where a path would name a file of the server's, not the agent's (the SSH server). */
  onAttach?: () => void;
  /** WhatsApp: send an approved template instead. */
  onTemplate?: () => void;
  onLeave: () => void;
  /** Told of each change the agent makes (typing notices). */
  onType: () => void;
  /** Why nothing can be written here (solved, closed, not mine, the platform's window), or null. */
  disabledReason: string | null;
  /** What the channel says of the draft, in the title (an SMS's segments, Facebook's tag, the time left). */
  info?: string | null;
  email?: EmailComposing;
}) {
  const theme = useTheme();
  const change = useCallback(
    (text: string) => {
      onDraft(text);
      onType();
    },
    [onDraft, onType],
  );
  const text = useCallback(
    (input: string, key: Key) => {
      if (key.backspace || key.delete) {
        if (draft === '' && files.length > 0) onFiles(files.slice(0, -1));
        // By code point: an emoji is two UTF-16 units.
        else change(Array.from(draft).slice(0, -1).join(''));
        return true;
      }
      // A multi-line paste goes into the draft whole; only Enter sends. Its trailing line breaks
      // (a copied line ends with one) would be an empty last line in the message sent.
      if (isPastedText(input, key)) {
        change(replaceShortcodes(draft + input.replace(/\n+$/, '')));
        return true;
      }
      if (isPrintable(input, key)) {
        change(replaceShortcodes(draft + input));
        return true;
      }
      return false;
    },
    [draft, files, onFiles, change],
  );
  const completion = focused ? completeShortcode(draft) : null;
  useCommands(
    'composer',
    {
      'composer.send': sending || email ? undefined : onSend,
      // An email's Enter is the new line.
      'composer.newline': email ? undefined : () => change(`${draft}\n`),
      'email.send': email && !sending ? onSend : undefined,
      'email.newline': email ? () => change(`${draft}\n`) : undefined,
      'email.editor': email?.onEditor,
      'email.copies': email?.onCopies,
      'email.signature': email?.onSignature,
      'composer.canned': onCanned,
      'composer.attach': onAttach,
      'composer.template': onTemplate,
      'composer.emoji': completion ? () => change(completion) : undefined,
      'composer.leave': onLeave,
      'field.clear': draft ? () => change('') : undefined,
    },
    { priority: PRIORITY.field, active: focused && !disabledReason, text },
  );
  // The keys the box's title and emoji line name: the agent's own, the command's key where it is not bound now (r, before the box has the focus).
  const keyOf = useBoundKeys();
  const sendKey = keyOf('email.send') ?? keyHint(command('email.send'));
  const replyKey = keyOf('conversation.reply') ?? keyHint(command('conversation.reply'));
  const emojiKey = keyOf('composer.emoji') ?? keyHint(command('composer.emoji'));

  if (disabledReason)
    return (
      <Box flexDirection="column" width={width}>
        <Text color={theme.muted} wrap="truncate">
          {'─'.repeat(Math.max(0, width))}
        </Text>
        {disabledLines(disabledReason, width).map((line, i) => (
          <Text key={i} color={theme.muted} wrap="truncate">
            {line}
          </Text>
        ))}
      </Box>
    );

  const lines = draftLines(draft, width, email?.maxLines);
  const typed = focused ? typedShortcode(draft) : null;
  const matches = typed ? shortcodeMatches(typed) : [];
  const title = `${focused ? (email ? ` Reply (${sendKey} sends) ` : ' Reply ') : ` Reply (${replyKey} to write) `}${info ? `· ${info} ` : ''}`;
  const status = sending ? ' sending… ' : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate" color={focused ? theme.accent : theme.muted} bold={focused}>
        {`─${title}${status}`.padEnd(width, '─')}
      </Text>
      {email ? (
        <Text wrap="truncate" color={theme.muted}>
          {fit(email.envelope, width)}
        </Text>
      ) : null}
      {lines.length === 0 || (lines.length === 1 && lines[0] === '') ? (
        <Text wrap="truncate">
          <Text color={theme.accent}>{'› '}</Text>
          {focused ? <Text inverse> </Text> : <Text color={theme.muted}>Write a reply…</Text>}
        </Text>
      ) : (
        lines.map((line, i) => (
          <Text key={i} wrap="truncate">
            <Text color={theme.accent}>{i === 0 ? '› ' : '  '}</Text>
            {line}
            {focused && i === lines.length - 1 ? <Text inverse> </Text> : null}
          </Text>
        ))
      )}
      {files.length > 0 ? (
        <Text wrap="truncate" color={theme.muted}>
          {'  '}
          {fit(files.map((f) => `📎 ${f.name} (${sizeText(f.size)})`).join('  '), width - 2)}
        </Text>
      ) : null}
      {matches.length > 0 ? (
        <Text wrap="truncate" color={theme.muted}>
          {`  ${emojiKey}: `}
          {matches.map(([code, emoji]) => `${emoji} :${code}:`).join('  ')}
        </Text>
      ) : null}
    </Box>
  );
}
