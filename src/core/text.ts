/** "3:07" for 187 seconds: waits and talk times in sentences. */
export function formatMinutes(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
