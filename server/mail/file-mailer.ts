import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Mailer, OutgoingMail, StoredMail } from "../../domain/mail/mailer";
import type { Logger } from "../logger";

/** Local runs: each mail is a JSON file in DATA_DIR/mail, logged, and listed at /dev/mail. */
export function createFileMailer(dir: string, logger: Logger): Mailer {
  return {
    async send(mail: OutgoingMail) {
      await mkdir(dir, { recursive: true });
      const stored: StoredMail = { ...mail, id: randomUUID(), sentAt: new Date().toISOString() };
      const name = `${stored.sentAt.replace(/[:.]/g, "-")}-${stored.id}.json`;
      await writeFile(join(dir, name), JSON.stringify(stored, null, 2));
      logger.info({ to: mail.to, subject: mail.subject, file: name }, "mail written to the local mailbox");
    },
    async listLocal() {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
      } catch {
        return [];
      }
      names.sort().reverse();
      const mails = await Promise.all(names.slice(0, 200).map(async (n) => JSON.parse(await readFile(join(dir, n), "utf8")) as StoredMail));
      return mails;
    },
  };
}
