/**
 * The simulator's stand-in for a call recording: a real WAV file (8 kHz,
 * mono, 16-bit PCM) that any player plays. There is no audio in a simulated
 * call, so it is quiet with a short beep each second — two pitches taking
 * turns, like two people talking — and a lower beep at the end.
 */
const RATE = 8000;
const BEEP_S = 0.18;
/** Fade in and out over 5 ms, so the beeps do not click. */
const FADE = Math.round(RATE * 0.005);

export function simulatedRecording(seconds: number): Uint8Array {
  const samples = Math.max(1, Math.round(seconds * RATE));
  const pcm = new Int16Array(samples);
  const beep = (start: number, hz: number) => {
    const length = Math.min(Math.round(BEEP_S * RATE), samples - start);
    for (let i = 0; i < length; i++) {
      const fade = Math.min(1, i / FADE, (length - 1 - i) / FADE);
      pcm[start + i] = Math.round(Math.sin((2 * Math.PI * hz * i) / RATE) * 8000 * fade);
    }
  };
  const whole = Math.floor(seconds);
  for (let s = 0; s < whole; s++) beep(s * RATE, s % 2 ? 660 : 440);
  if (seconds >= 0.5) beep(Math.max(0, samples - Math.round(BEEP_S * RATE)), 330);
  return wav(pcm);
}

/** A canonical 44-byte RIFF header and the samples, little-endian. */
function wav(pcm: Int16Array): Uint8Array {
  const data = pcm.length * 2;
  const out = new Uint8Array(44 + data);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true); // size of the fmt chunk
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  text(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + i * 2, pcm[i]!, true);
  return out;
}
