import { getConfig } from "../../config";
import type { Db } from "../../db";
import { mailOutbox } from "../../db/schema";
import { getLogger } from "../../logging/logger";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends through SMTP_URL; without it the mail goes to the log and the dev outbox so every flow works locally. */
export async function sendMail(db: Db, mail: Mail): Promise<void> {
  const config = getConfig();
  if (config.SMTP_URL) {
    const { createTransport } = await import("nodemailer");
    await createTransport(config.SMTP_URL).sendMail({ from: config.XROUTER_MAIL_FROM, ...mail });
    return;
  }
  await db.insert(mailOutbox).values(mail);
  getLogger().info({ to: mail.to, subject: mail.subject }, "mail written to the dev outbox (no SMTP_URL)");
}
