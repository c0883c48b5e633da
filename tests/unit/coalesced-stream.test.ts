import { describe, expect, it } from "vitest";
import { CoalescedStream } from "../../app/utils/coalesced-stream.server";

const text = (chunk: Uint8Array) => Buffer.from(chunk).toString("utf8");

describe("CoalescedStream (a document's chunks leave per burst)", () => {
  it("hands on what one synchronous burst wrote as one chunk, and a later burst as another", async () => {
    const stream = new CoalescedStream();
    const received: string[] = [];
    stream.on("data", (chunk: Uint8Array) => received.push(text(chunk)));
    const ended = new Promise((resolve) => stream.on("end", resolve));

    stream.write(Buffer.from("<html>"));
    stream.write(Buffer.from("<body>"));
    stream.write(new TextEncoder().encode("shell"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual(["<html><body>shell"]);

    stream.write(Buffer.from("<script>late</script>"));
    stream.end(Buffer.from("</body></html>"));
    await ended;
    expect(received).toEqual(["<html><body>shell", "<script>late</script></body></html>"]);
  });

  it("loses nothing when the writer ends in the same burst", async () => {
    const stream = new CoalescedStream();
    const received: string[] = [];
    stream.on("data", (chunk: Uint8Array) => received.push(text(chunk)));
    const ended = new Promise((resolve) => stream.on("end", resolve));
    for (const part of ["a", "b", "c"]) stream.write(Buffer.from(part));
    stream.end();
    await ended;
    expect(received.join("")).toBe("abc");
  });
});
