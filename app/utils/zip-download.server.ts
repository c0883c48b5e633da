import { createReadableStreamFromReadable } from "@remix-run/node";
import type { Readable } from "node:stream";
import { contentDisposition } from "../../domain/files/file-name";

/**
 * A ZIP written as it is sent (no Content-Length): the browser's download shows the bytes received so
 * far, nothing sits whole in memory, and the archive stops when the visitor cancels.
 */
export function zipDownload(request: Request, archive: { stream: Readable; fileName: string }): Response {
  request.signal.addEventListener("abort", () => archive.stream.destroy());
  return new Response(createReadableStreamFromReadable(archive.stream), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(archive.fileName, false),
      "Cache-Control": "private, no-store",
    },
  });
}
