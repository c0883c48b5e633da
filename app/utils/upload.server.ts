import { PassThrough, Readable } from "node:stream";
import type { AppLoadContext } from "@remix-run/node";
import busboy from "busboy";
import { DomainError, isDomainError } from "../../domain/errors";
import { storeUpload, tooLarge, type UploadDeps } from "../../domain/files/upload.service";
import { discardUpload } from "../../domain/files/discard-upload";

/**
 * Parses a multipart form with busboy, streaming its file field straight into the upload service
 * (size-limited, type-checked by content, stored in the configured file store). Text fields are kept
 * (64 KiB each). The file field's value in the returned form is the stored file's id.
 *
 * busboy reads any RFC 7578 / RFC 5987 file name ("facture n=3.pdf", quotes, UTF-8), which Remix's
 * own parser refused with a 500. A body busboy cannot read is a 400 (upload.malformed).
 */
const TEXT_FIELD_MAX = 64 * 1024;
const MULTIPART_OVERHEAD = 256 * 1024;
const MAX_FIELDS = 50;
const MAX_PARTS = 60;

export interface ParsedUpload {
  form: FormData;
  fileId: string | null;
  error: DomainError | null;
}

export function uploadDeps(context: AppLoadContext): UploadDeps {
  const { db, files, config } = context.services;
  return { db, files, maxBytes: config.uploadMaxBytes };
}

/** The request body as a Node stream, whichever fetch implementation made the Request. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function malformed(): DomainError {
  return new DomainError("validation", "upload.malformed", {}, { file: ["upload.malformed"] });
}

export async function parseUploadForm(
  request: Request,
  context: AppLoadContext,
  owner: { organisationId: string; userId: string },
  fileField: string,
): Promise<ParsedUpload> {
  const deps = uploadDeps(context);
  const form = new FormData();
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > deps.maxBytes + MULTIPART_OVERHEAD) return { form, fileId: null, error: tooLarge(deps.maxBytes) };
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body || !isMultipart(request)) return { form, fileId: null, error: malformed() };

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { fieldSize: TEXT_FIELD_MAX, fields: MAX_FIELDS, parts: MAX_PARTS, fileSize: deps.maxBytes + 1 },
    });
  } catch {
    return { form, fileId: null, error: malformed() }; // no boundary, unknown content type
  }

  let fileId: string | null = null;
  let error: DomainError | null = null;
  let storeFailure: unknown = null;
  let parseFailed = false;
  const stores: Promise<void>[] = [];

  parser.on("field", (name, value) => form.append(name, value));
  parser.on("file", (name, stream, info) => {
    if (name !== fileField || !info.filename || fileId || error || stores.length > 0) {
      stream.resume(); // other file fields, a second file: read and dropped
      return;
    }
    // Through a PassThrough: when the upload service stops reading early (too large, refused type)
    // it destroys its input, and busboy's own stream must stay alive to be drained.
    const data = new PassThrough();
    stream.pipe(data);
    // pipe() forwards neither errors nor an aborted end (busboy destroys the part on a cut body).
    stream.on("error", (cause) => data.destroy(cause));
    // The upload service may not be reading yet (it opens its spool first): it sees the error when it does.
    data.on("error", () => {});
    stream.on("close", () => {
      if (!stream.readableEnded) data.destroy(new Error("multipart part aborted"));
    });
    stores.push(
      storeUpload(deps, owner, { fileName: info.filename, data })
        .then((file) => {
          fileId = file.id;
          form.append(name, file.id);
        })
        .catch((caught: unknown) => {
          if (isDomainError(caught)) error = caught;
          else storeFailure = caught;
        })
        // Read the rest so the browser receives our answer rather than a reset connection.
        .finally(() => {
          stream.unpipe(data);
          stream.resume();
        }),
    );
  });

  const body = Readable.from(chunksOf(request.body));
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", reject);
    body.on("error", reject);
  });
  body.pipe(parser);
  try {
    await parsed;
  } catch {
    body.unpipe(parser);
    body.resume();
    parseFailed = true;
  }
  await Promise.all(stores);
  if (parseFailed) error = malformed();
  else if (storeFailure) throw storeFailure;
  if (error && fileId) {
    // A stored file whose form was then unreadable: undo it.
    await discardUpload(deps, owner.organisationId, fileId);
    fileId = null;
  }
  return { form, fileId, error };
}

export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
}
