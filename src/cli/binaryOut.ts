import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Writes a binary document (a PDF) to stdout. `npm run cli -- pdf R8-001 > R8-001.pdf`
 * has npm print its "> chogi@… cli" banner into the file before this process starts;
 * when stdout is a regular file that holds exactly npm's banner lines, they are cut
 * off so the file is the PDF and nothing else. Anything else in the file is kept
 * (`>>` onto a file of one's own), and a pipe or terminal is written as it is.
 */
export function writeDocument(data: Uint8Array, fd = 1): void {
  let position: number | null = null;
  try {
    const st = fstatSync(fd);
    if (st.isFile() && st.size > 0 && st.size < 4096) {
      const head = Buffer.alloc(st.size);
      const r = openSync(`/proc/self/fd/${fd}`, 'r');
      try {
        readSync(r, head, 0, st.size, 0);
      } finally {
        closeSync(r);
      }
      if (isNpmBanner(head.toString('utf8'))) {
        ftruncateSync(fd, 0);
        position = 0;
      }
    }
  } catch {
    position = null; // not Linux, or not readable: write after whatever is there
  }
  let off = 0;
  while (off < data.length) {
    off += writeSync(fd, data, off, data.length - off, position === null ? null : position + off);
  }
}

/** "\n> chogi@0.1.0 cli\n> npm run build --silent && node dist/src/cli/main.js pdf R8-001\n\n" */
export function isNpmBanner(text: string): boolean {
  return /^\n?(> [^\n]*\n)+\n?$/.test(text) && /^\n?> [^\n@]+@[^\n ]+ /.test(text);
}
