import type { Readable } from "node:stream";
import type * as yauzl from "yauzl";

/**
 * Looks inside a zip-based document (DOCX, ODT) through yauzl, which reads the central directory —
 * the listing Office and LibreOffice themselves use — and validates names and sizes. We only ask two
 * things: the entry names, and the text of one small entry.
 */
export interface ZipListing {
  names: string[];
  /** The text of a named entry of at most `maxBytes` (uncompressed), or null when absent or larger. */
  text(name: string, maxBytes: number): Promise<string | null>;
  close(): void;
}

const MAX_ENTRIES = 10_000;

async function readAll(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts).toString("utf8");
}

/** The archive's listing, or null when it is not a well-formed zip (or holds absurdly many entries). */
export async function openZipListing(path: string): Promise<ZipListing | null> {
  let zip: yauzl.ZipFile;
  try {
    const { default: zipReader } = await import("yauzl"); // loaded on the first zip-based upload (decision record 050)
    zip = await zipReader.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch {
    return null;
  }
  if (zip.entryCount > MAX_ENTRIES) {
    zip.close();
    return null;
  }
  const entries = await new Promise<yauzl.Entry[] | null>((resolve) => {
    const found: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      found.push(entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve(found));
    zip.once("error", () => resolve(null));
    zip.readEntry();
  });
  if (!entries) {
    zip.close();
    return null;
  }
  return {
    names: entries.map((e) => e.fileName),
    async text(name, maxBytes) {
      const entry = entries.find((e) => e.fileName === name);
      if (!entry || entry.uncompressedSize > maxBytes) return null;
      try {
        return await readAll(await zip.openReadStreamPromise(entry));
      } catch {
        return null;
      }
    },
    close: () => zip.close(),
  };
}
