import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FileStore, StoredObjectRef } from "./file-store";

/** Files under `root` (DATA_DIR/files), outside public/. Keys are ours (org/uuid), never user names. */
export function createDiskFileStore(root: string): FileStore {
  const base = resolve(root);
  function pathOf(ref: StoredObjectRef): string {
    const path = resolve(base, ref.storage_key);
    if (!path.startsWith(base + sep)) throw new Error(`storage key escapes the file store: ${ref.storage_key}`);
    return path;
  }
  return {
    kind: "disk",
    async write(ref, source) {
      const path = pathOf(ref);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.part`;
      let bytes = 0;
      const counted = async function* () {
        for await (const chunk of source) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      };
      try {
        await pipeline(Readable.from(counted()), createWriteStream(partial, { flags: "wx", mode: 0o600 }));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return bytes;
    },
    read(ref) {
      return createReadStream(pathOf(ref));
    },
    async remove(ref) {
      await rm(pathOf(ref), { force: true });
    },
  };
}
