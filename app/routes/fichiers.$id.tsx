import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { findReadableFile } from "../../domain/permissions/resource-access.service";
import { contentDisposition } from "../../domain/files/file-name";
import { storeHolding } from "../../domain/files/file-store";
import { createPostgresFileStore } from "../../domain/files/postgres-file-store";
import { requireActor } from "../utils/auth.server";
import { httpError, toHttpError } from "../utils/http-errors.server";
import { withHtmlErrors } from "../utils/resource-error.server";

/**
 * Serves a stored file to whoever may read it (the owning OF, funders, coordination), streamed from
 * the file store with its detected type. ?inline=1 opens PDFs and images in the browser's viewer.
 */
const INLINE_TYPES = new Set(["application/pdf", "image/png", "image/jpeg"]);

export const loader = withHtmlErrors(async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireActor(request, context);
  const file = await findReadableFile(context.services.db, actor, params.id ?? "").catch(toHttpError);
  const inline = new URL(request.url).searchParams.get("inline") === "1" && INLINE_TYPES.has(file.content_type);
  let source: AsyncIterable<Uint8Array>;
  const store = storeHolding(file, context.services.files, () => createPostgresFileStore(context.services.db));
  try {
    if (!store) throw new Error("file stored elsewhere");
    source = store.read(file);
  } catch {
    throw httpError(404, "files.notFound");
  }
  return new Response(createReadableStreamFromReadable(Readable.from(source)), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.size_bytes),
      "Content-Disposition": contentDisposition(file.file_name, inline),
      "Cache-Control": "private, no-store",
    },
  });
});
