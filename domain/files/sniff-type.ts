// The Node entry (file reading); the bare specifier resolves to the browser core in the Remix build.
import { fileTypeFromFile } from "file-type/node";
import { openZipListing } from "./zip-contents";

/**
 * The evidence types we accept, recognised by their content (magic bytes, through `file-type`),
 * never by their name, and checked against an allow-list. Everything else is refused: executables,
 * archives, HTML, SVG, spreadsheets, presentations… Zip-based documents must also be free of active
 * content: macro-enabled Office files (docm, and any OOXML package holding a VBA project or declaring
 * a macro-enabled part) and OpenDocument files carrying Basic or script macros are refused, whatever
 * their extension or declared main type says.
 */
export interface AcceptedType {
  mime: string;
  ext: string;
  /** Zip-based: the archive is inspected for macros before acceptance. */
  zip?: true;
}

export const PDF: AcceptedType = { mime: "application/pdf", ext: "pdf" };
export const PNG: AcceptedType = { mime: "image/png", ext: "png" };
export const JPEG: AcceptedType = { mime: "image/jpeg", ext: "jpg" };
export const ODT: AcceptedType = { mime: "application/vnd.oasis.opendocument.text", ext: "odt", zip: true };
export const DOCX: AcceptedType = {
  mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ext: "docx",
  zip: true,
};
export const ACCEPTED_TYPES = [PDF, PNG, JPEG, ODT, DOCX] as const;

/** Entries that carry macros: VBA projects (OOXML) and Basic/script libraries (OpenDocument). */
const MACRO_ENTRY = /(^|\/)(vbaProject\.bin|vbaData\.xml)$|^(Basic|Scripts)\//i;
/** A [Content_Types].xml that declares a macro-enabled part or a VBA project. */
const MACRO_CONTENT_TYPE = /macroEnabled|vbaProject/i;
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

async function isFreeOfMacros(path: string): Promise<boolean> {
  const zip = await openZipListing(path);
  if (!zip) return false;
  try {
    if (zip.names.some((name) => MACRO_ENTRY.test(name))) return false;
    if (!zip.names.includes("[Content_Types].xml")) return true;
    const contentTypes = await zip.text("[Content_Types].xml", MAX_CONTENT_TYPES_BYTES);
    return contentTypes !== null && !MACRO_CONTENT_TYPE.test(contentTypes);
  } finally {
    zip.close();
  }
}

/** The accepted type of the file at `path`, or null when its content is none of them (or unreadable as one). */
export async function sniffFileType(path: string): Promise<AcceptedType | null> {
  let detected: { mime: string } | undefined;
  try {
    detected = await fileTypeFromFile(path);
  } catch {
    return null; // malformed beyond what file-type recovers from: not a document we accept
  }
  const accepted = ACCEPTED_TYPES.find((type) => type.mime === detected?.mime);
  if (!accepted) return null;
  if (accepted.zip && !(await isFreeOfMacros(path))) return null;
  return accepted;
}
