import { defineMessages } from "@/server/core/locale";

export const legalPageMessages = defineMessages({
  ru: {
    offer: "Публичная оферта — XRouter",
    privacy: "Политика конфиденциальности — XRouter",
    consent: "Согласие на обработку персональных данных — XRouter",
    edition: "Редакция {version} от {date}",
    russianOnly: "",
    missing: "Текст документа пока не опубликован.",
  },
  en: {
    offer: "Public offer — XRouter",
    privacy: "Privacy policy — XRouter",
    consent: "Consent to personal data processing — XRouter",
    edition: "Version {version} of {date}",
    russianOnly: "The legally binding text is in Russian.",
    missing: "The text has not been published yet.",
  },
});
