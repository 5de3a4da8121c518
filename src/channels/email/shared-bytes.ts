/** The first block's size; each next one is as large as all before it, up to MAX_BLOCK. */
const FIRST_BLOCK = 64 * 1024;
const MAX_BLOCK = 4 * 1024 * 1024;

/**
 * A mail's bytes as they arrive, kept in memory the MIME thread shares
 * (SharedArrayBuffer blocks), so that handing a 25 MB mail to it copies
 * nothing on the event loop. Joined into one Buffer there (Buffer.concat)
 * and posted to the thread (a copy), it held the loop over a second on a
 * busy machine; here each chunk is copied as it comes, a few kilobytes at a
 * time between the socket's reads.
 */
export class SharedBytes {
  private readonly blocks: SharedArrayBuffer[] = [];
  /** Bytes written into the last block. */
  private used = 0;
  private total = 0;

  static from(bytes: Buffer): SharedBytes {
    const shared = new SharedBytes();
    shared.append(bytes);
    return shared;
  }

  append(chunk: Uint8Array): void {
    let from = 0;
    while (from < chunk.length) {
      let block = this.blocks.at(-1);
      if (!block || this.used === block.byteLength) {
        block = new SharedArrayBuffer(Math.min(MAX_BLOCK, Math.max(FIRST_BLOCK, this.total)));
        this.blocks.push(block);
        this.used = 0;
      }
      const n = Math.min(chunk.length - from, block.byteLength - this.used);
      new Uint8Array(block, this.used, n).set(chunk.subarray(from, from + n));
      this.used += n;
      this.total += n;
      from += n;
    }
  }

  get length(): number {
    return this.total;
  }

  /** What a thread is given: the blocks themselves (shared, not copied) and how many bytes they hold. */
  get handover(): { blocks: SharedArrayBuffer[]; length: number } {
    return { blocks: [...this.blocks], length: this.total };
  }

  /** The bytes as one Buffer, copied here: for when the thread could not give them back. */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.total);
    let at = 0;
    for (const block of this.blocks) {
      const n = Math.min(block.byteLength, this.total - at);
      out.set(new Uint8Array(block, 0, n), at);
      at += n;
    }
    return out;
  }
}
