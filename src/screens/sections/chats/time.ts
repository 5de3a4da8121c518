/** A chat's start time in a list: the time today (14:02, or 14:02:11 when wide), else the date. */
export function startTime(at: number, now: number, seconds: boolean): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  if (d.toDateString() !== new Date(now).toDateString()) return `${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
}
