import type { Server } from "node:http";
import type { Duplex } from "node:stream";

/** How much of a refused request we read and discard so the client can read our answer, and for how long. */
const DRAIN_MAX_BYTES = 4 * 1024 * 1024;
const DRAIN_MAX_MS = 30_000;

const ANSWERS: Record<string, { status: string; text: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: "431 Request Header Fields Too Large",
    text: "Requête refusée : l'adresse ou les en-têtes sont trop longs.",
  },
};
const BAD_REQUEST = { status: "400 Bad Request", text: "Requête refusée : elle est mal formée." };

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over the header
 * limit, malformed syntax). Node's default answers and then destroys the socket: a client still
 * sending its oversized request gets a connection reset and never reads the answer. Here the answer
 * is written, the rest of the request is read and discarded (bounded in bytes and time), and the
 * connection is closed cleanly, so the client gets a plain French 431 or 400.
 */
export function installClientErrorAnswers(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code === "ECONNRESET" && socket.destroyed)) {
      socket.destroy();
      return;
    }
    const answer = (error.code && ANSWERS[error.code]) || BAD_REQUEST;
    const body = Buffer.from(answer.text, "utf8");
    let drained = 0;
    const timer = setTimeout(() => socket.destroy(), DRAIN_MAX_MS);
    timer.unref();
    socket.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_MAX_BYTES) socket.destroy();
    });
    socket.on("close", () => clearTimeout(timer));
    socket.on("error", () => socket.destroy());
    socket.resume();
    socket.end(
      `HTTP/1.1 ${answer.status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${body.length}\r\nX-Content-Type-Options: nosniff\r\n\r\n${answer.text}`,
    );
  });
}
