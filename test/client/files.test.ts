import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLink, saveFile, writeError } from '../../src/client/download.js';
import { imageSize } from '../../src/client/image-info.js';
import { downloadDir } from '../../src/client/paths.js';
import { agentUrlOf, loginAgent, runCleanups, startTestServer, tempDir } from '../server/support.js';
import { http, httpBaseOf } from '../server/visitor-support.js';

afterEach(runCleanups);

/** A server with one file Ava uploaded; her token and the server's web address. */
async function withFile(content = Buffer.from('%PDF-1.4 the invoice')) {
  const server = await startTestServer();
  const ava = await loginAgent(agentUrlOf(server), '1001');
  const up = await http(server, 'POST', '/files?name=invoice.pdf', { headers: { authorization: `Bearer ${ava.token}`, 'content-type': 'application/pdf' }, body: content });
  return { server, base: httpBaseOf(server), token: ava.token, id: up.json<{ id: string }>().id, content };
}

describe('where received files are saved by default', () => {
  it('is $XDG_DOWNLOAD_DIR, else the folder user-dirs.dirs names, else ~/Downloads', () => {
    const home = tempDir();
    expect(downloadDir({ HOME: home, XDG_DOWNLOAD_DIR: '/srv/in' })).toBe('/srv/in');
    expect(downloadDir({ HOME: home })).toBe(join(home, 'Downloads'));
    mkdirSync(join(home, '.config'));
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n');
    expect(downloadDir({ HOME: home })).toBe(join(home, 'Téléchargements'));
  });
});

describe('saving a received file', () => {
  it('writes it whole where the agent chose, and refuses to replace a file there unless told to', async () => {
    const { base, token, id, content } = await withFile();
    const dir = tempDir();
    const path = join(dir, 'invoice.pdf');
    expect(await saveFile(base, token, id, path, { size: content.length })).toBe(path);
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);

    writeFileSync(path, 'mine');
    await expect(saveFile(base, token, id, path)).rejects.toMatchObject({ code: 'FILE_EXISTS', message: `invoice.pdf is already in ${dir}.` });
    expect(readFileSync(path, 'utf8')).toBe('mine');
    await saveFile(base, token, id, path, { overwrite: true });
    expect(readFileSync(path).equals(content)).toBe(true);
  });

  it('says so, in words, when the folder is not there, the disk has no room, or the file is gone', async () => {
    const { server, base, token, id, content } = await withFile();
    const dir = tempDir();
    await expect(saveFile(base, token, id, join(dir, 'nope', 'x.pdf'))).rejects.toMatchObject({ code: 'NO_SUCH_FOLDER', message: `There is no folder ${join(dir, 'nope')}.` });
    await expect(saveFile(base, token, id, join(dir, 'x.pdf'), { size: content.length, free: () => 10 })).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: `The disk is full: x.pdf needs 1 KB and ${dir} has 0 KB free.`,
    });
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);

    rmSync(join(server.dataDir, 'files', id));
    await expect(saveFile(base, token, id, join(dir, 'x.pdf'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: 'The file invoice.pdf is no longer kept.' });
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    expect(existsSync(join(dir, 'x.pdf.part'))).toBe(false);
    await expect(fileLink(base, token, id)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('a disk that fills up while writing is a full disk, said so (writing /dev/full)', async () => {
    const failure = await new Promise<NodeJS.ErrnoException>((resolve) => {
      import('node:fs').then(({ createWriteStream }) => {
        const out = createWriteStream('/dev/full');
        out.on('error', resolve);
        out.end(Buffer.alloc(4096));
      });
    });
    expect(failure.code).toBe('ENOSPC');
    expect(writeError(failure, '/home/ava/Downloads/photo.png')).toMatchObject({ code: 'DISK_FULL', message: 'The disk is full: photo.png could not be saved in /home/ava/Downloads.' });
  });

  it('a link is the full address on the server, which works without a token', async () => {
    const { server, base, token, id, content } = await withFile();
    const link = await fileLink(base, token, id);
    expect(link.url.startsWith(`${base}/files/${id}?exp=`)).toBe(true);
    const got = await http(server, 'GET', new URL(link.url).pathname + new URL(link.url).search);
    expect(got.body.equals(content)).toBe(true);
  });
});

describe("an image's dimensions from its first bytes", () => {
  it('reads PNG, GIF, JPEG, WebP and BMP, and nothing from other bytes', () => {
    const png = Buffer.alloc(33);
    png.writeUInt32BE(0x89504e47, 0);
    png.write('IHDR', 12, 'ascii');
    png.writeUInt32BE(1280, 16);
    png.writeUInt32BE(720, 20);
    expect(imageSize(png)).toEqual({ width: 1280, height: 720 });

    const gif = Buffer.from([...Buffer.from('GIF89a'), 0x40, 0x01, 0xf0, 0x00]);
    expect(imageSize(gif)).toEqual({ width: 320, height: 240 });

    // SOI, an APP0 segment, then SOF0 with height 480 and width 640.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0]);
    expect(imageSize(jpeg)).toEqual({ width: 640, height: 480 });

    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'ascii');
    webp.write('WEBP', 8, 'ascii');
    webp.write('VP8X', 12, 'ascii');
    webp.writeUIntLE(1919, 24, 3);
    webp.writeUIntLE(1079, 27, 3);
    expect(imageSize(webp)).toEqual({ width: 1920, height: 1080 });

    const bmp = Buffer.alloc(26);
    bmp.write('BM', 0, 'ascii');
    bmp.writeInt32LE(100, 18);
    bmp.writeInt32LE(-50, 22);
    expect(imageSize(bmp)).toEqual({ width: 100, height: 50 });

    expect(imageSize(Buffer.from('%PDF-1.4 not an image'))).toBeNull();
    expect(imageSize(png.subarray(0, 10))).toBeNull();
  });
});
