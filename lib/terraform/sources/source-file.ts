/**
 * The files and directories Terraform is read from, checked before anything is opened: only a
 * readable regular file or directory is read. Anything else (`/dev/null`, a named pipe, a link
 * to `/dev/zero`, a socket, a symbolic link loop, an unreadable directory) is an `HwsgError`
 * naming the path and the reason, so it ends the run with exit 2 and one line — and a named
 * pipe is never opened for reading, where it would block.
 *
 * Files are decoded as UTF-8, strictly (Terraform reads its files as UTF-8): a byte sequence
 * that is not UTF-8 is an error naming its line and column, not a silent U+FFFD. A leading byte
 * order mark is dropped.
 */
import * as fs from "fs";
import { HwsgError } from "../../core/errors";
import { MAX_FILE_BYTES } from "./limits";
import { printable } from "./printable";

/** What a path is, once checked. */
export type SourceKind = "file" | "directory";

/** The words for an operating-system error's code, as `ls` or `cat` would say them. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ELOOP: "too many levels of symbolic links",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "not a directory (a part of the path before the last is a file)",
  ENAMETOOLONG: "file name too long",
  EISDIR: "is a directory",
  EIO: "input/output error",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENXIO: "no such device or address",
  ENODEV: "no such device",
};

/** An operating-system error as the reason a path cannot be read. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code];
  const message = (error as Error | undefined)?.message ?? String(error);
  return printable(message.split("\n")[0]);
}

/** The error for a path that cannot be read, one line. */
export function unreadable(target: string, reason: string): HwsgError {
  return new HwsgError(`${printable(target)}: ${reason}`);
}

/** What a `fs.Stats` is when it is neither a regular file nor a directory. */
function otherKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Whether `target` is a file or a directory (following symbolic links), without opening it.
 * @throws HwsgError naming the path and the reason when it is neither, or cannot be reached
 */
export function sourceKind(target: string): SourceKind {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    throw unreadable(target, reasonOf(e));
  }
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "directory";
  throw unreadable(target, `${otherKind(stat)}, not a regular file or directory: hwsg reads Terraform from files and directories only`);
}

/**
 * The names in a directory.
 * @throws HwsgError naming the directory and the reason when it cannot be listed (EACCES…)
 */
export function directoryEntries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (e) {
    throw unreadable(dir, reasonOf(e));
  }
}

/**
 * What a directory entry is, following symbolic links.
 * @returns "file", "directory", or the reason it cannot be read as a file (for the caller's message)
 */
export function entryKind(file: string): SourceKind | { readonly reason: string } {
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return "file";
    if (stat.isDirectory()) return "directory";
    return { reason: `${otherKind(stat)}, not a regular file` };
  } catch (e) {
    return { reason: reasonOf(e) };
  }
}

/**
 * Reads a source file as text: opened without blocking, checked to be a regular file no larger
 * than MAX_FILE_BYTES, decoded as UTF-8 (strictly), its byte order mark dropped.
 * @throws HwsgError naming the file and the reason
 */
export function readSourceText(file: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a named pipe since it was checked, opening it
    // does not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw unreadable(file, `cannot be read: ${reasonOf(e)}`);
  }
  let bytes: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw unreadable(file, `cannot be read: ${otherKind(stat)}, not a regular file`);
    if (stat.size > MAX_FILE_BYTES) {
      throw unreadable(file, `too large: ${stat.size} bytes, more than the ${MAX_FILE_BYTES} (${MAX_FILE_BYTES / 1024 / 1024} MiB) hwsg reads from one file`);
    }
    bytes = fs.readFileSync(fd);
  } catch (e) {
    if (e instanceof HwsgError) throw e;
    throw unreadable(file, `cannot be read: ${reasonOf(e)}`);
  } finally {
    fs.closeSync(fd);
  }
  return decodeUtf8(file, bytes);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of a file's bytes, strictly UTF-8; a leading byte order mark is dropped.
 * @throws HwsgError `file:line:column: not valid UTF-8 …` at the first invalid byte
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    // The decoder drops a leading byte order mark (ignoreBOM is false by default).
    return UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = Buffer.from(bytes.subarray(lineStart, at)).toString("utf8").length + 1;
    const byte = bytes[at] ?? 0;
    throw new HwsgError(`${printable(file)}:${line}:${column}: not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, "0")}): Terraform reads configuration files as UTF-8`);
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence and the allowed range of its second byte (RFC 3629 table).
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b === 0xe0) [more, lo] = [2, 0xa0];
    else if (b === 0xed) [more, hi] = [2, 0x9f];
    else if (b >= 0xe1 && b <= 0xef) more = 2;
    else if (b === 0xf0) [more, lo] = [3, 0x90];
    else if (b === 0xf4) [more, hi] = [3, 0x8f];
    else if (b >= 0xf1 && b <= 0xf3) more = 3;
    else return i;
    for (let k = 1; k <= more; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return bytes.length;
}

