import { unstable_parseMultipartFormData, type AppLoadContext, type UploadHandler } from "@remix-run/node";
import { DomainError, isDomainError } from "../../domain/errors";
import { storeUpload, tooLarge, type UploadDeps } from "../../domain/files/upload.service";

/**
 * Parses a multipart form, streaming its file field straight into the upload service (size-limited,
 * type-checked by content, stored in the configured file store). Text fields are kept (64 KiB each).
 * The file field's value in the returned form is the stored file's id.
 */
const TEXT_FIELD_MAX = 64 * 1024;
const MULTIPART_OVERHEAD = 256 * 1024;

export interface ParsedUpload {
  form: FormData;
  fileId: string | null;
  error: DomainError | null;
}

export function uploadDeps(context: AppLoadContext): UploadDeps {
  const { db, files, config } = context.services;
  return { db, files, maxBytes: config.uploadMaxBytes };
}

async function drain(data: AsyncIterable<Uint8Array>, limit: number) {
  let seen = 0;
  for await (const chunk of data) {
    seen += chunk.byteLength;
    if (seen > limit) throw new Error("upload body too large to drain");
  }
}

export async function parseUploadForm(
  request: Request,
  context: AppLoadContext,
  owner: { organisationId: string; userId: string },
  fileField: string,
): Promise<ParsedUpload> {
  const deps = uploadDeps(context);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > deps.maxBytes + MULTIPART_OVERHEAD) {
    return { form: new FormData(), fileId: null, error: tooLarge(deps.maxBytes) };
  }
  let fileId: string | null = null;
  let error: DomainError | null = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === fileField && filename) {
      if (fileId || error) {
        await drain(data, deps.maxBytes + MULTIPART_OVERHEAD);
        return null;
      }
      try {
        const file = await storeUpload(deps, owner, { fileName: filename, data });
        fileId = file.id;
        return file.id;
      } catch (caught) {
        if (!isDomainError(caught)) throw caught;
        error = caught;
        // Read the rest so the browser receives our answer rather than a reset connection.
        await drain(data, deps.maxBytes * 4).catch(() => {});
        return null;
      }
    }
    if (filename) {
      await drain(data, deps.maxBytes + MULTIPART_OVERHEAD);
      return null;
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= TEXT_FIELD_MAX) parts.push(chunk);
    }
    return new TextDecoder().decode(Buffer.concat(parts));
  };
  const form = await unstable_parseMultipartFormData(request, handler);
  return { form, fileId, error };
}

export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
}
