import React, { createContext, useContext } from 'react';

/**
 * One clock per panel for every running timer on screen. Each component used
 * to keep its own interval, so an idle panel with a header, a call list and a
 * queue summary redrew three times a second at three phases, and Ink rewrote
 * the frame each time. Here all subscribers of one period are told in the
 * same callback: React batches their updates into one render, and Ink writes
 * one frame. The interval runs only while something on screen subscribes.
 */
export class Ticker {
  private readonly periods = new Map<number, { timer: NodeJS.Timeout; listeners: Set<() => void> }>();

  subscribe(ms: number, listener: () => void): () => void {
    let period = this.periods.get(ms);
    if (!period) {
      const listeners = new Set<() => void>();
      const timer = setInterval(() => {
        for (const fn of listeners) fn();
      }, ms);
      period = { timer, listeners };
      this.periods.set(ms, period);
    }
    period.listeners.add(listener);
    return () => {
      const p = this.periods.get(ms);
      if (!p) return;
      p.listeners.delete(listener);
      if (p.listeners.size > 0) return;
      clearInterval(p.timer);
      this.periods.delete(ms);
    };
  }

  /** Intervals running now (none on a screen without timers). */
  running(): number {
    return this.periods.size;
  }

  /** Subscribers told on each tick: each is a component that renders, or a live clock that writes, then. */
  subscribers(): number {
    let n = 0;
    for (const p of this.periods.values()) n += p.listeners.size;
    return n;
  }

  stop(): void {
    for (const p of this.periods.values()) clearInterval(p.timer);
    this.periods.clear();
  }
}

const TickerContext = createContext<Ticker | null>(null);

export function TickerProvider({ ticker, children }: { ticker: Ticker; children: React.ReactNode }) {
  return <TickerContext.Provider value={ticker}>{children}</TickerContext.Provider>;
}

/** The panel's ticker, or null where none is provided (each timer then keeps its own interval). */
export function useTicker(): Ticker | null {
  return useContext(TickerContext);
}
