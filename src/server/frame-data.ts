/**
 * A frame as the socket handed it over: a Buffer from ws, text in process.
 * Its size is read without decoding it, so a frame too large for its sender
 * is refused unread (FRAME_LIMITS); only a frame that is read is decoded.
 */
export type FrameData = string | Buffer;

export function frameBytes(data: FrameData): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

export function frameText(data: FrameData): string {
  return typeof data === 'string' ? data : data.toString();
}
