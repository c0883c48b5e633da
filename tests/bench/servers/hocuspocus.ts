import { Server } from "@hocuspocus/server";

/** Hocuspocus 3.4.4 with its defaults (in memory, no auth hook): PORT, HOST. */
const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: process.env.HOST ?? "127.0.0.1",
  quiet: true,
  stopOnSignals: true,
});
await server.listen();
