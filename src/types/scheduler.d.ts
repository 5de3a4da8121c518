/** The few parts of React's scheduler (the one Ink's reconciler runs on) the key router uses. */
declare module 'scheduler' {
  export const unstable_LowPriority: number;
  export function unstable_scheduleCallback(priority: number, callback: () => void): unknown;
}
