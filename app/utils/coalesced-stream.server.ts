import { Transform, type TransformCallback } from "node:stream";

/**
 * A pass-through that hands on, as one chunk, everything written to it in one turn of the event loop.
 *
 * React's Node renderer writes a finished part of the page as many small chunks (2 KB views and its
 * static precomputed pieces) in one synchronous burst. Each chunk used to travel alone through the web
 * stream Remix wraps around it and into its own `res.write`; gathered per burst, a page leaves in a few
 * writes. Streaming is kept: a Suspense boundary resolved later is a later burst, sent when it comes.
 */
export class CoalescedStream extends Transform {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private scheduled = false;

  override _transform(chunk: Uint8Array, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.release());
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.release();
    callback();
  }

  private release(): void {
    this.scheduled = false;
    if (this.size === 0) return;
    const chunks = this.chunks;
    this.push(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.size));
    this.chunks = [];
    this.size = 0;
  }
}
