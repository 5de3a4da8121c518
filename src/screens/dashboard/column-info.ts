import type { KeyCommandId } from '../../keys/registry.js';

/**
 * An explanation of a column, as the info window shows it. One that names a
 * key says which command it is (`key`) and where its key goes (`{key}`): the
 * window writes the agent's own key there when it is drawn, not the default.
 */
export interface ColumnLine {
  term: string;
  text: string;
  key?: KeyCommandId;
}

/** One page of the info window: a group of columns and what each means. */
export interface ColumnInfoGroup {
  title: string;
  lines: ReadonlyArray<ColumnLine | readonly [string, string]>;
}
