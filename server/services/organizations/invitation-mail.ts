import type { OrgRole } from "../../db/schema";
import type { Mail } from "../mail/send-mail";

const ROLE_NAMES: Record<"ru" | "en", Record<OrgRole, string>> = {
  ru: { owner: "владелец", admin: "администратор", developer: "разработчик", billing: "бухгалтерия", viewer: "наблюдатель" },
  en: { owner: "owner", admin: "admin", developer: "developer", billing: "billing", viewer: "viewer" },
};

export function invitationMail(to: string, orgName: string, role: OrgRole, link: string, locale: "ru" | "en"): Mail {
  const roleName = ROLE_NAMES[locale][role];
  return locale === "ru"
    ? {
        to,
        subject: `XRouter: приглашение в организацию «${orgName}»`,
        text: `Вас пригласили в организацию «${orgName}» в XRouter (роль: ${roleName}).\n\nЧтобы принять приглашение, откройте ссылку (действует 7 дней) и войдите или зарегистрируйтесь с этим адресом:\n${link}\n\nЕсли вы не ждали приглашения, просто удалите это письмо.\n`,
      }
    : {
        to,
        subject: `XRouter: invitation to the organization "${orgName}"`,
        text: `You were invited to the organization "${orgName}" on XRouter (role: ${roleName}).\n\nTo accept, open this link (valid for 7 days) and log in or sign up with this address:\n${link}\n\nIf you did not expect this, ignore this mail.\n`,
      };
}
