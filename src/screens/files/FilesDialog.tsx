import { Box, Text } from 'ink';
import { join } from 'node:path';
import React, { useState } from 'react';
import { downloadFile, fileLink, removeFile, saveFile } from '../../client/download.js';
import { fileHead, imageSize } from '../../client/image-info.js';
import { downloadDir } from '../../client/paths.js';
import type { ClientError } from '../../client/session.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { type HintPart, useBoundHint } from '../../ui/bound-hint.js';
import { fit, formatClock, pad, wrapLines } from '../../ui/format.js';
import { useNow } from '../../ui/hooks.js';
import { canOpenBrowser, openLocally } from '../../ui/open-browser.js';
import { OptionRows } from '../../ui/OptionRows.js';
import { copyToClipboard, hyperlink } from '../../ui/terminal.js';
import { TextField } from '../../ui/TextField.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { sizeText } from '../chats/chats.js';
import { extensionOf, imageLine, isImage, saveName, type ReceivedFile } from './files.js';

/** Each step's keys, read from the commands bound (the agent's own; describe only for an image not yet described). */
const LIST_HINT: readonly HintPart[] = [
  { ids: ['list.up', 'list.down'], label: 'choose', any: true },
  { ids: ['files.save'], label: 'save' },
  { ids: ['files.open'], label: 'open' },
  { ids: ['files.link'], label: 'link' },
  { ids: ['files.describe'], label: 'describe' },
  { ids: ['files.close'], label: 'close' },
];
const PATH_HINT: readonly HintPart[] = [
  { ids: ['entry.submit'], label: 'save' },
  { ids: ['entry.cancel'], label: 'back' },
];
const REPLACE_HINT: readonly HintPart[] = [
  { ids: ['dialog.confirm'], label: 'replace' },
  { ids: ['dialog.cancel'], label: 'choose another name' },
];

type Step = { kind: 'list' } | { kind: 'path'; value: string } | { kind: 'replace'; path: string };
type Status = { text: string; tone: 'info' | 'success' | 'error' };

/**
 * The files of a conversation, and what the agent does with one: save it to
 * a folder (the download folder to begin with, asking before replacing a
 * file), open it with this computer's program for it, get a short-lived
 * link that opens in a browser without logging in (copied with OSC 52,
 * clickable with OSC 8) — over SSH, where there is no desktop here, open
 * gives that link — and describe an image in one line. What fails says why
 * in words: the file gone from the server, a full disk, a folder that is
 * not there, a link that has expired.
 */
export function FilesDialog({ files, width, height, onClose }: { files: ReceivedFile[]; width: number; height: number; onClose: () => void }) {
  const theme = useTheme();
  const { client, info } = useApp();
  const [index, setIndex] = useState(0);
  const [step, setStep] = useState<Step>({ kind: 'list' });
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const [links, setLinks] = useState<Record<string, { url: string; expiresAt: number }>>({});
  const [described, setDescribed] = useState<Record<string, string>>({});
  // Links expire on the server's clock.
  const now = client.store.serverNow(useNow(1000));
  const current = files[Math.min(index, files.length - 1)];

  const work = (what: () => Promise<void>) => {
    setBusy(true);
    what()
      .catch((e: ClientError) => setStatus({ text: e.message, tone: 'error' }))
      .finally(() => setBusy(false));
  };
  const token = client.token;
  const base = info.httpBase;

  const link = (file: ReceivedFile['file'], why = '') =>
    work(async () => {
      const made = await fileLink(base, token, file.id);
      copyToClipboard(made.url);
      setLinks((l) => ({ ...l, [file.id]: made }));
      setStatus({ text: `${why}Link copied; it works until ${formatClock(made.expiresAt, now)} and needs no login.`, tone: 'success' });
    });

  const save = (path: string, overwrite: boolean) =>
    work(async () => {
      try {
        const saved = await saveFile(base, token, current!.file.id, path, { overwrite, size: current!.file.size });
        setStep({ kind: 'list' });
        setStatus({ text: `Saved to ${saved}`, tone: 'success' });
      } catch (e) {
        if ((e as ClientError).code === 'FILE_EXISTS') setStep({ kind: 'replace', path });
        else throw e;
      }
    });

  const choose = (path: string) => {
    const clean = path.trim().replace(/^~(?=\/|$)/, process.env.HOME ?? '~');
    if (!clean) return setStatus({ text: 'Write where to save it.', tone: 'error' });
    // A folder named without the file: the file's own name in it.
    save(clean.endsWith('/') ? join(clean, saveName(current!.file.name)) : clean, false);
  };

  const listing = step.kind === 'list' && !busy;
  useCommands(
    'files',
    {
      'files.save':
        listing && current
          ? () => {
              setStatus(null);
              setStep({ kind: 'path', value: join(downloadDir(), saveName(current.file.name)) });
            }
          : undefined,
      'files.open':
        listing && current
          ? () => {
              const file = current.file;
              // Where there is a desktop, its program for the file; over SSH, the browser on the agent's own machine.
              if (!canOpenBrowser()) return link(file, 'No desktop here (over SSH): open it on your own computer. ');
              work(async () => {
                const path = await downloadFile(base, token, file.id, extensionOf(file.name));
                openLocally(path, { onFail: (why) => setStatus({ text: `${file.name} could not be opened: ${why}.`, tone: 'error' }) });
                setStatus({ text: `Opening ${file.name}…`, tone: 'info' });
              });
            }
          : undefined,
      'files.link': listing && current ? () => link(current.file) : undefined,
      'files.describe':
        listing && current && isImage(current.file) && !described[current.file.id]
          ? () =>
              work(async () => {
                const file = current.file;
                const path = await downloadFile(base, token, file.id, extensionOf(file.name));
                try {
                  setDescribed((d) => ({ ...d, [file.id]: imageLine(file, imageSize(fileHead(path))) }));
                  setStatus(null);
                } finally {
                  removeFile(path);
                }
              })
          : undefined,
      'files.close': step.kind === 'list' ? onClose : undefined,
      'list.up': listing && index > 0 ? () => (setIndex(index - 1), setStatus(null)) : undefined,
      'list.down': listing && index < files.length - 1 ? () => (setIndex(index + 1), setStatus(null)) : undefined,
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  useCommands(
    'form',
    { 'entry.submit': step.kind === 'path' && !busy ? () => choose(step.value) : undefined, 'entry.cancel': () => setStep({ kind: 'list' }) },
    { priority: PRIORITY.overlay + 1, modal: true, active: step.kind === 'path' },
  );
  useCommands(
    'dialog',
    {
      'dialog.confirm': step.kind === 'replace' && !busy ? () => save(step.path, true) : undefined,
      'dialog.cancel': step.kind === 'replace' ? () => setStep({ kind: 'path', value: step.path }) : undefined,
    },
    { priority: PRIORITY.overlay + 1, modal: true, active: step.kind === 'replace' },
  );

  const keysHint = useBoundHint(step.kind === 'list' ? LIST_HINT : step.kind === 'path' ? PATH_HINT : REPLACE_HINT);
  const inner = width - 4;
  const shownLink = current ? links[current.file.id] : undefined;
  const expired = shownLink ? shownLink.expiresAt <= now : false;
  const rows = Math.max(1, Math.min(files.length, height - 9));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        Files in this conversation <Text color={theme.muted}>({files.length})</Text>
      </Text>
      {files.length === 0 ? (
        <Text color={theme.muted}>No file was sent in this conversation.</Text>
      ) : (
        <OptionRows
          options={files.map((f) => ({
            key: `${f.file.id}@${f.at}`,
            text: `${pad(f.file.name, Math.max(10, inner - 34))} ${sizeText(f.file.size).padStart(8)}  ${pad(f.from, 14)} ${formatClock(f.at, now)}`,
            selectable: true,
          }))}
          selected={Math.min(index, files.length - 1)}
          rows={rows}
          width={inner}
        />
      )}
      {current && described[current.file.id] ? <Text wrap="truncate">{described[current.file.id]}</Text> : null}
      {step.kind === 'path' ? (
        <TextField label="Save as" labelWidth={9} value={step.value} onChange={(value) => setStep({ kind: 'path', value })} focused width={inner} priority={PRIORITY.overlay + 2} />
      ) : null}
      {step.kind === 'replace' ? (
        <Text color={theme.warning} bold wrap="wrap">
          {saveName(step.path)} is already there. Replace it? {keysHint}
        </Text>
      ) : null}
      {shownLink && !expired ? (
        <>
          <Text color={theme.accent} wrap="truncate">
            {hyperlink(shownLink.url, `↗ ${fit(current!.file.name, inner - 30)} — open in your browser`)}
          </Text>
          {wrapLines([shownLink.url], inner).map((line, i) => (
            <Text key={i} color={theme.muted}>
              {line}
            </Text>
          ))}
        </>
      ) : shownLink ? (
        <Text color={theme.warning} wrap="wrap">
          The link expired at {formatClock(shownLink.expiresAt, now)}: l makes a new one.
        </Text>
      ) : null}
      {status ? (
        <Text color={status.tone === 'error' ? theme.danger : status.tone === 'success' ? theme.success : theme.info} bold={!theme.color && status.tone === 'error'} wrap="wrap">
          {!theme.color && status.tone === 'error' ? 'Error: ' : ''}
          {status.text}
        </Text>
      ) : null}
      <Text color={theme.muted} wrap="truncate">
        {busy
          ? 'Working…'
          : step.kind === 'path'
            ? `${keysHint} · a folder ending in / keeps the name`
            : step.kind === 'list'
              ? keysHint
              : ''}
      </Text>
    </Box>
  );
}
