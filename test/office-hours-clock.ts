import { SystemClock } from '../src/server/system-clock.js';

/**
 * Real time (real timers, real seconds) that starts on a working morning:
 * Wednesday 2 December 2026, 11:00 in London. The demo's chat queue keeps
 * office hours and its campaigns call leads only by day, so a test on the
 * wall clock would route differently at night or on a Sunday.
 */
export class OfficeHoursClock extends SystemClock {
  private readonly offsetMs: number;

  constructor(start = '2026-12-02T11:00:00Z') {
    super();
    this.offsetMs = Date.parse(start) - Date.now();
  }

  override now(): number {
    return super.now() + this.offsetMs;
  }
}
