import type { AppServices, LiveHooks } from "../context";
import type { Mailer } from "../mail/mailer";

/** What account services need besides the database. `now` is the clock, injected by tests. */
export interface AccountDeps {
  mailer: Mailer;
  /** Absolute origin of emailed links, without trailing slash. */
  publicUrl: string;
  live?: LiveHooks;
  now?: () => Date;
}

export function clock(deps: { now?: () => Date }): Date {
  return deps.now ? deps.now() : new Date();
}

/** The deps of a request, from the load context's services. */
export function accountDeps(services: Pick<AppServices, "mailer" | "config" | "live">): AccountDeps {
  return { mailer: services.mailer, publicUrl: services.config.publicUrl.replace(/\/$/, ""), live: services.live };
}

/** Sends a mail after the rows are committed: a failure is reported, never undoes the rows. */
export async function sendAfterCommit(mailer: Mailer, mail: Parameters<Mailer["send"]>[0]): Promise<boolean> {
  try {
    await mailer.send(mail);
    return true;
  } catch {
    return false;
  }
}
