import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../setup/test-database";
import { createDiskFileStore } from "../../../domain/files/disk-file-store";
import { createPostgresFileStore } from "../../../domain/files/postgres-file-store";
import type { FileStore, StoredObjectRef } from "../../../domain/files/file-store";
import { createOf } from "./fixtures";
import { chunksOf, collect } from "./sample-files";

let t: TestDatabase;
let dir: string;
let organisationId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "datadock-store-"));
  organisationId = (await createOf(t.db)).organisationId;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function newRef(store: FileStore): Promise<StoredObjectRef> {
  const id = randomUUID();
  const ref = { id, storage_key: `${organisationId}/${id}` };
  await t.db
    .insertInto("files")
    .values({
      id,
      organisation_id: organisationId,
      store: store.kind,
      storage_key: ref.storage_key,
      file_name: "x.pdf",
      content_type: "application/pdf",
      size_bytes: 0,
      sha256: "",
    })
    .execute();
  return ref;
}

const stores: [string, () => FileStore][] = [
  ["disk", () => createDiskFileStore(join(dir, "files"))],
  // A small chunk size exercises chunk boundaries and multi-batch reads.
  ["postgres", () => createPostgresFileStore(t.db, 1000)],
];

describe.each(stores)("file store: %s", (_name, make) => {
  it("round-trips bytes across chunk boundaries, streamed in several parts", async () => {
    const store = make();
    const ref = await newRef(store);
    const content = randomBytes(150_001);
    expect(await store.write(ref, chunksOf(content, 777))).toBe(content.length);
    const parts: number[] = [];
    const back: Buffer[] = [];
    for await (const chunk of store.read(ref)) {
      parts.push(chunk.byteLength);
      back.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(back).equals(content)).toBe(true);
    expect(parts.length).toBeGreaterThan(1);
  });

  it("stores an empty file", async () => {
    const store = make();
    const ref = await newRef(store);
    expect(await store.write(ref, chunksOf(Buffer.alloc(0)))).toBe(0);
    expect((await collect(store.read(ref))).length).toBe(0);
  });

  it("keeps files apart", async () => {
    const store = make();
    const a = await newRef(store);
    const b = await newRef(store);
    await store.write(a, chunksOf(Buffer.from("A".repeat(3000))));
    await store.write(b, chunksOf(Buffer.from("B".repeat(2500))));
    expect((await collect(store.read(a))).toString()).toBe("A".repeat(3000));
    expect((await collect(store.read(b))).toString()).toBe("B".repeat(2500));
  });

  it("leaves nothing behind when the source fails midway", async () => {
    const store = make();
    const ref = await newRef(store);
    async function* failing() {
      yield Buffer.alloc(2500, 1);
      throw new Error("client went away");
    }
    await expect(store.write(ref, failing())).rejects.toThrow("client went away");
    if (store.kind === "postgres") {
      const rows = await t.db.selectFrom("file_chunks").select("seq").where("file_id", "=", ref.id).execute();
      expect(rows).toHaveLength(0);
    } else {
      expect(existsSync(join(dir, "files", ref.storage_key))).toBe(false);
      expect(existsSync(join(dir, "files", `${ref.storage_key}.part`))).toBe(false);
    }
  });

  it("removes bytes, and removing twice is fine", async () => {
    const store = make();
    const ref = await newRef(store);
    await store.write(ref, chunksOf(Buffer.from("bye")));
    await store.remove(ref);
    await store.remove(ref);
    if (store.kind === "postgres") expect(await collect(store.read(ref))).toHaveLength(0);
    else await expect(collect(store.read(ref))).rejects.toThrow();
  });
});

describe("disk store keys", () => {
  it("refuses a storage key escaping its root", async () => {
    const store = createDiskFileStore(join(dir, "files"));
    await expect(store.write({ id: randomUUID(), storage_key: "../../etc/passwd" }, chunksOf(Buffer.from("x")))).rejects.toThrow("escapes");
  });
});
