import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { visitorMessage, visitorStart } from '../../src/core/messaging/visitor.js';
import type { Attachment } from '../../src/core/protocol/model.js';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { demoConfig } from '../helpers.js';
import { expectFits, footerOf, logIn, startPanel, type Panel } from './support.js';

/**
 * Files the agent receives (issue 16.2): in a conversation, f lists its files;
 * s saves one (to the download folder first, asking before replacing), o
 * opens it (here, with no desktop, as over SSH: a link instead), l gives a
 * short-lived link, i describes an image. Refusals are said in words.
 */
let panel: Panel | undefined;
let downloads: string;
const saved = process.env.XDG_DOWNLOAD_DIR;
beforeEach(() => {
  downloads = mkdtempSync(join(tmpdir(), 'switchboard-downloads-'));
  process.env.XDG_DOWNLOAD_DIR = downloads;
});
afterEach(async () => {
  await panel?.close();
  panel = undefined;
  rmSync(downloads, { recursive: true, force: true });
  if (saved === undefined) delete process.env.XDG_DOWNLOAD_DIR;
  else process.env.XDG_DOWNLOAD_DIR = saved;
});

/** A 3x2 PNG's first bytes (signature and IHDR): enough to be described. */
function png(): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x89504e47, 0);
  b.writeUInt32BE(0x0d0a1a0a, 4);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(3, 16);
  b.writeUInt32BE(2, 20);
  return b;
}

/** A chat whose customer sent a photo and a PDF, as the visitor gateway would have kept them. */
async function chatWithFiles(pdfName = 'receipt.pdf'): Promise<{ p: Panel; photo: Attachment; pdf: Attachment }> {
  const config = demoConfig();
  delete (config.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
  panel = await startPanel({ config, listen: true });
  const p = panel;
  await logIn(p, '1001');
  const chat = p.server.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: 'fv', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.5', geo: null, text: 'Here is the damage.' }),
  );
  const keep = (id: string, name: string, type: string, bytes: Buffer): Attachment => {
    writeFileSync(join(p.server.dataDir, 'files', id), bytes);
    p.server.engine.run((ctx) => ctx.tx.put('file', { id, name, size: bytes.length, type, owner: `visitor:${chat.id}`, at: ctx.clock.now() }, 'uploaded'));
    return { id, name, size: bytes.length, type };
  };
  const photo = keep('file-photo', 'parcel.png', 'image/png', png());
  const pdf = keep('file-pdf', pdfName, 'application/pdf', Buffer.from('%PDF-1.4 receipt'));
  p.server.engine.run((ctx) => visitorMessage(ctx, chat.id, '198.51.100.5', 'Photo and receipt', [photo, pdf]));
  await p.press('nav.chats');
  await p.waitForText('Pat Jones');
  await p.press('chats.open');
  await p.waitForText('📎 parcel.png');
  // The composer has the keys: leave it for the conversation's.
  await p.press('composer.leave');
  await p.waitForText('Reply (r to write)');
  return { p, photo, pdf };
}

const squash = (s: string) => s.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

describe('files received in a chat', () => {
  it('lists them, describes the image, and saves one to the download folder, asking before replacing it', async () => {
    const { p } = await chatWithFiles();
    await p.press('conversation.files');
    let screen = await p.waitForText('Files in this conversation (2)');
    expect(screen).toMatch(/parcel\.png\s+64 B\s+Pat Jones/);
    expect(screen).toMatch(/receipt\.pdf\s+16 B\s+Pat Jones/);
    expectFits(p.frame());
    // The list is newest first; both came in one message: the photo is first.
    while (!/› parcel\.png/.test(p.screen())) await p.press('list.down');
    await p.press('files.describe');
    screen = await p.waitForText('image/png · 64 B · 3×2');

    await p.press('files.save');
    screen = await p.waitForText('Save as');
    expect(squash(screen)).toContain(join(downloads, 'parcel.png'));
    await p.press('entry.submit');
    await p.waitFor((s) => squash(s).includes(`Saved to ${join(downloads, 'parcel.png')}`), 'saved');
    expect(readFileSync(join(downloads, 'parcel.png')).equals(png())).toBe(true);

    // Again: the file is there, so it asks.
    writeFileSync(join(downloads, 'parcel.png'), 'older');
    await p.press('files.save');
    await p.waitForText('Save as');
    await p.press('entry.submit');
    screen = await p.waitForText('parcel.png is already there. Replace it?');
    expectFits(p.frame());
    // Esc: back to the name, nothing replaced.
    await p.press('dialog.cancel');
    await p.waitForText('Save as');
    expect(readFileSync(join(downloads, 'parcel.png'), 'utf8')).toBe('older');
    await p.press('entry.submit');
    await p.waitForText('Replace it?');
    await p.press('dialog.confirm');
    await p.waitFor((s) => squash(s).includes('Saved to'), 'saved again');
    expect(readFileSync(join(downloads, 'parcel.png')).equals(png())).toBe(true);
  });

  it("names the agent's own keys under the list and the name to save as", async () => {
    const { p } = await chatWithFiles();
    expect(setKeymap({ 'files.save': 'w', 'files.close': 'ctrl+w', 'entry.submit': 'ctrl+o', 'entry.cancel': 'ctrl+w' })).toEqual([]);
    onTestFinished(resetKeymap);
    await p.press('conversation.files');
    let screen = await p.waitForText('Files in this conversation (2)');
    const keysLine = (s: string) => s.split('\n').filter((l) => l.trimStart().startsWith('│')).at(-1)?.replace(/^\s*│\s*|\s*│\s*$/g, '') ?? '';
    // One of two files is chosen: the one key that moves to the other is named.
    expect(keysLine(screen)).toMatch(/^[↑↓] choose · w save · o open · l link( · i describe)? · Ctrl\+W close$/);
    await p.key('w');
    screen = await p.waitForText('Save as');
    expect(keysLine(screen)).toBe('Ctrl+O save · Ctrl+W back · a folder ending in / keeps the name');
    expectFits(p.frame());
  });

  it("saves a file a sender named '..' under a name of its own in the download folder, not as the folder above it", async () => {
    // A mail's attachment may be called anything: `filename=".."` arrives as it was written.
    const { p } = await chatWithFiles('..');
    await p.press('conversation.files');
    await p.waitForText('Files in this conversation (2)');
    while (!/› \.\.\s/.test(p.screen())) await p.press('list.down');
    await p.press('files.save');
    const screen = await p.waitForText('Save as');
    expect(squash(screen)).toContain(join(downloads, 'file'));
    await p.press('entry.submit');
    await p.waitFor((s) => squash(s).includes(`Saved to ${join(downloads, 'file')}`), 'saved');
    expect(readFileSync(join(downloads, 'file'), 'utf8')).toBe('%PDF-1.4 receipt');
  });

  it('with no desktop here (as over SSH), open gives a link that works without a token, until it expires', async () => {
    const { p } = await chatWithFiles();
    const display = process.env.DISPLAY;
    const wayland = process.env.WAYLAND_DISPLAY;
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    try {
      await p.press('conversation.files');
      await p.waitForText('Files in this conversation');
      while (!/› receipt\.pdf/.test(p.screen())) await p.press('list.down');
      // Not an image: nothing to describe.
      expect(footerOf(p.screen())).not.toContain('describe');
      await p.press('files.open');
      const screen = await p.waitFor((s) => squash(s).includes('No desktop here (over SSH): open it on your own computer. Link copied'), 'the link');
      expect(screen).toContain('↗ receipt.pdf — open in your browser');
      const url = /http:\/\/127\.0\.0\.1:\d+\/files\/file-pdf\?exp=\d+&sig=[A-Za-z0-9_-]{43}/.exec(squash(screen).replace(/ /g, ''))?.[0];
      expect(url).toBeDefined();
      const got = await fetch(url!);
      expect(await got.text()).toBe('%PDF-1.4 receipt');
      expectFits(p.frame());
      // Ten minutes later (on the server's clock) the panel says the link has expired.
      p.client.store.clockOffsetMs += 11 * 60_000;
      await p.waitForText('The link expired at');
      expect(p.screen()).toContain('l makes a new one');
      await p.press('files.link');
      await p.waitFor((s) => squash(s).includes('Link copied; it works until'), 'a new link');
    } finally {
      if (display !== undefined) process.env.DISPLAY = display;
      if (wayland !== undefined) process.env.WAYLAND_DISPLAY = wayland;
    }
  });

  it("with a desktop, open hands a copy of the file to the desktop's opener", async () => {
    const { p } = await chatWithFiles();
    // The opener this machine would use: a stand-in xdg-open that notes what it was given.
    const bin = mkdtempSync(join(tmpdir(), 'switchboard-opener-'));
    const noted = join(bin, 'opened');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\ncp "$1" "${noted}"\necho "$1" > "${noted}.name"\n`, { mode: 0o755 });
    const env = { PATH: process.env.PATH, DISPLAY: process.env.DISPLAY };
    process.env.PATH = `${bin}:${process.env.PATH}`;
    process.env.DISPLAY = ':99';
    try {
      await p.press('conversation.files');
      await p.waitForText('Files in this conversation');
      while (!/› receipt\.pdf/.test(p.screen())) await p.press('list.down');
      await p.press('files.open');
      await p.waitForText('Opening receipt.pdf…');
      await p.waitFor(() => existsSync(`${noted}.name`), 'the opener to run');
      expect(readFileSync(noted, 'utf8')).toBe('%PDF-1.4 receipt');
      // A copy with the file's own extension, so the desktop knows what opens it.
      expect(readFileSync(`${noted}.name`, 'utf8').trim()).toMatch(/\.pdf$/);
    } finally {
      process.env.PATH = env.PATH;
      if (env.DISPLAY === undefined) delete process.env.DISPLAY;
      else process.env.DISPLAY = env.DISPLAY;
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a file the server no longer keeps, and a folder that is not there, are said in words', async () => {
    const { p } = await chatWithFiles();
    rmSync(join(p.server.dataDir, 'files', 'file-pdf'));
    await p.press('conversation.files');
    await p.waitForText('Files in this conversation');
    while (!/› receipt\.pdf/.test(p.screen())) await p.press('list.down');
    await p.press('files.save');
    await p.waitForText('Save as');
    await p.press('entry.submit');
    await p.waitFor((s) => squash(s).includes('The file receipt.pdf is no longer kept.'), 'the refusal');
    expect(existsSync(join(downloads, 'receipt.pdf'))).toBe(false);

    await p.press('files.save');
    await p.waitForText('Save as');
    await p.key('ctrl+u');
    await p.type(join(downloads, 'not-there', 'x.pdf'));
    await p.press('entry.submit');
    await p.waitFor((s) => squash(s).includes(`There is no folder ${join(downloads, 'not-there')}.`), 'the folder refusal');
  });
});
