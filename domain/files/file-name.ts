/**
 * User-supplied file names are only ever shown (and sent back in Content-Disposition), never used as
 * paths: we keep the last path segment, drop control and reserved characters, leading dots and spaces,
 * cap the length, and give the name the extension of its detected type.
 */
const MAX_NAME = 150;

export function sanitizeFileName(raw: string, ext?: string): string {
  const lastSegment = raw.split(/[\\/]/).pop() ?? "";
  let name = lastSegment
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*;]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[.\s]+/, "")
    .trim();
  let stem = name;
  if (ext) {
    const dot = name.lastIndexOf(".");
    stem = dot > 0 ? name.slice(0, dot) : name;
    stem = stem.replace(/[.\s]+$/, "");
  }
  if (!stem) stem = "document";
  const suffix = ext ? `.${ext}` : "";
  stem = stem.slice(0, MAX_NAME - suffix.length);
  name = `${stem}${suffix}`;
  return name;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
