import { chmodSync, mkdirSync } from 'node:fs';

/** A --data that cannot be made or used as a directory (a file of that name, no permission, a read-only disk). */
export class DataDirUnusableError extends Error {
  readonly code = 'DATA_DIR_UNUSABLE';

  constructor(
    readonly dataDir: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`The data directory ${dataDir} cannot be used: ${reason(cause)}; give --data a directory this user may create and write to.`);
    this.name = 'DataDirUnusableError';
  }
}

/**
 * Make the data directory (and its parents) for the server's user only,
 * whoever made it. Node's own refusal ("EEXIST: file already exists, mkdir")
 * named neither the option nor what to do, so it is said in a sentence.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    // Sessions, conversations and uploads: for the server's user only.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  } catch (e) {
    throw new DataDirUnusableError(dataDir, e as NodeJS.ErrnoException);
  }
}

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way (it or one of its parents is not a directory)';
    case 'EACCES':
    case 'EPERM':
      return 'this user may not create or change it';
    case 'EROFS':
      return 'it is on a read-only file system';
    default:
      return e.message;
  }
}
