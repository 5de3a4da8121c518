import { EventEmitter } from 'node:events';
import { fixIncrementalFrame } from './ink-frame-fix.js';
import type { ResizeRedraw } from './resize-redraw.js';

const LISTENER_METHODS = new Set<PropertyKey>(['on', 'addListener', 'prependListener', 'once', 'prependOnceListener', 'off', 'removeListener']);

/**
 * This process's stdout as Ink and the panel see it: every frame fixed
 * (ink-frame-fix), Ink's writes dropped while a new size is laid out, and the
 * terminal's 'resize' handed to their listeners through `redraw`, which has
 * the panel drawn whole once React has the new size (resize-redraw).
 */
export function localPanelStdout(redraw: ResizeRedraw, stdout: NodeJS.WriteStream = process.stdout): NodeJS.WriteStream {
  // Ink's and the panel's resize listeners, kept apart from the terminal's own event.
  const resizes = new EventEmitter();
  const emit = () => void resizes.emit('resize');
  const onTerminalResize = () => redraw.resized({ columns: stdout.columns, rows: stdout.rows }, emit);
  // Listen to the terminal only while someone here listens: an unmounted panel leaves nothing behind.
  let following = false;
  const follow = () => {
    const listened = resizes.listenerCount('resize') > 0;
    if (listened === following) return;
    following = listened;
    if (listened) stdout.on('resize', onTerminalResize);
    else stdout.off('resize', onTerminalResize);
  };
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
          if (redraw.dropInkWrite(done)) return true;
          return (target.write as (...a: unknown[]) => boolean)(typeof chunk === 'string' ? fixIncrementalFrame(chunk) : chunk, ...rest);
        };
      }
      if (LISTENER_METHODS.has(prop)) {
        const method = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
        return (event: string | symbol, listener: (...a: unknown[]) => void) => {
          if (event !== 'resize') return method.call(target, event, listener);
          (resizes[prop as 'on'] as (e: string, l: (...a: unknown[]) => void) => EventEmitter).call(resizes, 'resize', listener);
          follow();
          return target;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
