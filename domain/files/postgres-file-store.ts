import type { Executor } from "../../db/executor";
import type { FileStore } from "./file-store";

export const CHUNK_BYTES = 256 * 1024;
const CHUNKS_PER_READ = 4;

/** Bytes in file_chunks (256 KiB rows), written and read a few chunks at a time: never the whole file in memory. */
export function createPostgresFileStore(db: Executor, chunkBytes = CHUNK_BYTES): FileStore {
  return {
    kind: "postgres",
    async write(ref, source) {
      let seq = 0;
      let bytes = 0;
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async (all: boolean) => {
        while (pendingBytes >= chunkBytes || (all && pendingBytes > 0)) {
          const joined = Buffer.concat(pending);
          const size = Math.min(chunkBytes, joined.byteLength);
          await db
            .insertInto("file_chunks")
            .values({ file_id: ref.id, seq: seq++, data: joined.subarray(0, size) })
            .execute();
          const rest = joined.subarray(size);
          pending = rest.byteLength > 0 ? [rest] : [];
          pendingBytes = rest.byteLength;
        }
      };
      try {
        for await (const chunk of source) {
          bytes += chunk.byteLength;
          pending.push(chunk);
          pendingBytes += chunk.byteLength;
          if (pendingBytes >= chunkBytes) await flush(false);
        }
        await flush(true);
      } catch (error) {
        await db.deleteFrom("file_chunks").where("file_id", "=", ref.id).execute();
        throw error;
      }
      return bytes;
    },
    async *read(ref) {
      let next = 0;
      for (;;) {
        const rows = await db
          .selectFrom("file_chunks")
          .select(["seq", "data"])
          .where("file_id", "=", ref.id)
          .where("seq", ">=", next)
          .orderBy("seq")
          .limit(CHUNKS_PER_READ)
          .execute();
        for (const row of rows) yield new Uint8Array(row.data);
        const last = rows.at(-1);
        if (!last || rows.length < CHUNKS_PER_READ) return;
        next = last.seq + 1;
      }
    },
    async remove(ref) {
      await db.deleteFrom("file_chunks").where("file_id", "=", ref.id).execute();
    },
  };
}
