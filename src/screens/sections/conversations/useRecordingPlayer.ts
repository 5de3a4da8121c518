import { useCallback, useEffect, useRef, useState } from 'react';
import { downloadFile, fileUrl, removeFile } from '../../../client/download.js';
import type { CallRecording } from '../../../core/protocol/model.js';
import type { Playing } from '../../../ui/audio-player.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { useApp } from '../../app-context.js';
import { formatDuration } from '../../../ui/format.js';

export interface RecordingPlayer {
  /** The recording being fetched or played, if any. */
  current: { fileId: string; stage: 'fetching' | 'playing'; player: string } | null;
  /** Play it, or stop it if it is the one playing (the same key does both). */
  toggle(recording: CallRecording): void;
}

/**
 * Play recording: the file is fetched from the server's /files/<id> with the
 * agent's token into a private temporary file and played with the first
 * player on PATH (paplay, aplay, afplay, ffplay). With none — the usual case
 * over SSH, where the panel runs on the server — the recording's URL is
 * copied (OSC 52) to fetch on the agent's own machine. Playing stops when
 * asked, or when the Conversations section goes.
 */
export function useRecordingPlayer(): RecordingPlayer {
  const { client, info, toast } = useApp();
  const terminal = useTerminal();
  const [current, setCurrent] = useState<RecordingPlayer['current']>(null);
  // What is under way now; a later toggle or the unmount cancels it.
  const run = useRef<{ fileId: string; cancelled: boolean; playing: Playing | null } | null>(null);

  const stop = useCallback(() => {
    const r = run.current;
    if (!r) return;
    r.cancelled = true;
    r.playing?.stop();
    run.current = null;
    setCurrent(null);
  }, []);
  useEffect(() => () => stop(), [stop]);

  const copyUrl = useCallback(
    (fileId: string, why: string) => {
      if (!info.httpBase) return toast(`${why}, and the panel does not know the server's web address.`, 'warning');
      terminal.copy(fileUrl(info.httpBase, fileId));
      toast(`${why}: the recording's URL was copied (OSC 52).`, 'info');
    },
    [info.httpBase, toast, terminal],
  );

  const toggle = useCallback(
    (recording: CallRecording) => {
      const same = run.current?.fileId === recording.fileId;
      if (run.current) {
        stop();
        toast('Stopped playing.', 'info');
        if (same) return;
      }
      const player = terminal.findPlayer();
      // The players tried are in the key's help; the toast must fit one line of 80 columns.
      if (!player) return copyUrl(recording.fileId, 'No audio player here');
      const r = { fileId: recording.fileId, cancelled: false, playing: null as Playing | null };
      run.current = r;
      setCurrent({ fileId: recording.fileId, stage: 'fetching', player: player.cmd });
      downloadFile(info.httpBase, client.token, recording.fileId, '.wav').then(
        (path) => {
          if (r.cancelled) return removeFile(path);
          r.playing = terminal.play(player, path, ({ error }) => {
            removeFile(path);
            if (run.current !== r) return;
            run.current = null;
            setCurrent(null);
            if (error) copyUrl(recording.fileId, error);
          });
          setCurrent({ fileId: recording.fileId, stage: 'playing', player: player.cmd });
          toast(`Playing the recording (${formatDuration(recording.seconds * 1000)}) with ${player.cmd} · P stops it`, 'info');
        },
        (e: Error) => {
          if (r.cancelled) return;
          run.current = null;
          setCurrent(null);
          toast(e.message, 'error');
        },
      );
    },
    [client, info.httpBase, toast, stop, copyUrl, terminal],
  );

  return { current, toggle };
}
