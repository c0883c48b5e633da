import { open, type FileHandle } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";

/**
 * Accepted types, recognised by their content (magic bytes), never by their name. ODT and DOCX are
 * zip archives: an ODT holds a stored `mimetype` entry naming the OpenDocument text type; a DOCX holds
 * a `[Content_Types].xml` declaring the WordprocessingML main part (macro-enabled .docm is refused).
 */
export interface AcceptedType {
  mime: string;
  ext: string;
}

export const PDF: AcceptedType = { mime: "application/pdf", ext: "pdf" };
export const PNG: AcceptedType = { mime: "image/png", ext: "png" };
export const JPEG: AcceptedType = { mime: "image/jpeg", ext: "jpg" };
export const ODT: AcceptedType = { mime: "application/vnd.oasis.opendocument.text", ext: "odt" };
export const DOCX: AcceptedType = { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" };
export const ACCEPTED_TYPES = [PDF, PNG, JPEG, ODT, DOCX] as const;

const DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const MAX_ZIP_META = 1024 * 1024;

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

async function zipEntries(handle: FileHandle, size: number): Promise<ZipEntry[] | null> {
  const tailLength = Math.min(size, 65_535 + 22);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdSize > MAX_ZIP_META || cdOffset + cdSize > size) return null;
  const cd = await readAt(handle, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    entries.push({
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.subarray(p + 46, p + 46 + nameLength).toString("utf8"),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function entryText(handle: FileHandle, entry: ZipEntry): Promise<string | null> {
  if (entry.compressedSize > MAX_ZIP_META) return null;
  const header = await readAt(handle, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return null;
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = await readAt(handle, start, entry.compressedSize);
  try {
    if (entry.method === 0) return data.toString("utf8");
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: MAX_ZIP_META }).toString("utf8");
  } catch {
    return null;
  }
  return null;
}

async function sniffZip(handle: FileHandle, size: number): Promise<AcceptedType | null> {
  const entries = await zipEntries(handle, size);
  if (!entries) return null;
  const mimetype = entries.find((e) => e.name === "mimetype");
  if (mimetype && mimetype.method === 0 && (await entryText(handle, mimetype))?.trim() === ODT.mime) return ODT;
  const contentTypes = entries.find((e) => e.name === "[Content_Types].xml");
  if (contentTypes) {
    const xml = await entryText(handle, contentTypes);
    if (xml?.includes(`ContentType="${DOCX_MAIN}"`)) return DOCX;
  }
  return null;
}

/** The accepted type of the file at `path`, or null when its content is none of them. */
export async function sniffFileType(path: string): Promise<AcceptedType | null> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, 16);
    if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
    if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return await sniffZip(handle, size);
    return null;
  } finally {
    await handle.close();
  }
}
