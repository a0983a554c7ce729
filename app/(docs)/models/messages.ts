import { defineMessages } from "@/server/core/locale";

export const messages = defineMessages({
  ru: {
    title: "Модели",
    description:
      "Все модели, доступные через XRouter: провайдер, контекстное окно, цены в рублях за 1 млн токенов (с НДС) и возможности. Id модели передавайте в поле model.",
    estimateNote: "Цены с пометкой «оценка» предварительные: тариф провайдера ещё не подтверждён.",
    markupNote: "Цены включают наценку {percent}%.",
    metaTitle: "Модели — XRouter",
  },
  en: {
    title: "Models",
    description:
      "Every model available through XRouter: provider, context window, prices in rubles per 1M tokens (VAT included) and features. Pass the model id in the model field.",
    estimateNote: "Prices marked “estimate” are provisional: the provider's tariff is not confirmed yet.",
    markupNote: "Prices include a {percent}% markup.",
    metaTitle: "Models — XRouter",
  },
});
