import { watch } from "node:fs";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import type { Logger } from "./logger";

/** `remix dev --manual`: re-import the server build when it changes and tell the dev server. */
export async function watchDevBuild(buildPath: string, onBuild: (build: ServerBuild) => void, logger: Logger): Promise<() => void> {
  const initial = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  await broadcastDevReady(initial);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(buildPath, () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const next = (await import(`${pathToFileURL(buildPath).href}?t=${Date.now()}`)) as ServerBuild;
        onBuild(next);
        await broadcastDevReady(next);
        logger.info("server build reloaded");
      } catch (error) {
        logger.error({ err: error }, "could not reload the server build");
      }
    }, 50);
  });
  return () => watcher.close();
}
