import { readFile } from 'node:fs/promises';

/**
 * Files as people hand them over: text that an editor may have saved with a
 * byte-order mark, and file-system failures said in words that name the file
 * rather than as an errno with a stack.
 */

const BOM = '\uFEFF';

/** A UTF-8 text file without its byte-order mark (Notepad and some exports add one; JSON.parse refuses it). */
export async function readTextFile(file: string): Promise<string> {
  return withoutBom(await readFile(file, 'utf8'));
}

export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** The errno code of a system error (file, socket), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // ENOENT, EACCES…: not Node's own ERR_… codes, nor the codes of this project's errors.
  return error instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** Why a file could not be used, in words ("there is no such file"), for a message that names the file and who named it. */
export function fileErrorReason(error: unknown): string {
  switch (errnoCode(error)) {
    case 'ENOENT':
      return 'it does not exist';
    case 'ENOTDIR':
      return 'part of its path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EEXIST':
      return 'something is already there';
    case 'EACCES':
    case 'EPERM':
      return 'permission is denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
