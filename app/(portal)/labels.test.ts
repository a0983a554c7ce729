import { describe, expect, it } from "vitest";
import { accountNameLabel, labelMessages, promoReferenceLabel, roleLabel, routeReasonLabel } from "@/components/i18n/labels";
import { ledger } from "@/server/db/schema/ledger";
import { users } from "@/server/db/schema/users";
import { LOCALES } from "@/server/core/locale";
import { STRATEGY_NAMES } from "@/server/routing/strategies";
import { billingMessages } from "./billing/messages";

describe("labels for words the server stores", () => {
  it("has a Russian and an English label for every ledger kind", () => {
    expect(ledger.kind.enumValues).toEqual(["topup", "charge", "refund", "adjustment", "promo"]);
    for (const kind of ledger.kind.enumValues) {
      for (const locale of LOCALES) expect(billingMessages[locale][`kind_${kind}`], `${locale} ${kind}`).toBeTruthy();
      expect(billingMessages.ru[`kind_${kind}`]).not.toBe(kind);
    }
    expect([billingMessages.ru.kind_topup, billingMessages.ru.kind_charge, billingMessages.ru.kind_promo]).toEqual(["пополнение", "списание", "промокод"]);
  });

  it("has a Russian and an English label for every role and routing strategy", () => {
    for (const role of users.role.enumValues) {
      for (const locale of LOCALES) expect(labelMessages[locale][`role_${role}`], `${locale} ${role}`).toBeTruthy();
      expect(roleLabel(role, "ru")).not.toBe(role);
    }
    expect(roleLabel("admin", "ru")).toBe("администратор");
    for (const strategy of STRATEGY_NAMES) for (const locale of LOCALES) expect(labelMessages[locale][`strategy_${strategy}`]).toBeTruthy();
  });

  it("shows a welcome credit as a bonus and a promo credit as its code", () => {
    expect(promoReferenceLabel("welcome:usr_01abc", "ru")).toBe("Приветственный бонус");
    expect(promoReferenceLabel("welcome:usr_01abc", "en")).toBe("Welcome bonus");
    expect(promoReferenceLabel("promo:SPRING25:usr_01abc", "ru")).toBe("SPRING25");
  });

  it("names the built-in accounts in the reader's language and keeps an admin's names", () => {
    expect(accountNameLabel({ name: "gigachat (demo emulator)", provider: "gigachat" }, "ru")).toBe("gigachat (демо-эмулятор)");
    expect(accountNameLabel({ name: "gigachat (demo emulator)", provider: "gigachat" }, "en", () => "GigaChat")).toBe("GigaChat (demo emulator)");
    expect(accountNameLabel({ name: "yandex (environment)", provider: "yandex" }, "ru")).toBe("yandex (из окружения)");
    expect(accountNameLabel({ name: "Broken MWS", provider: "mts" }, "ru")).toBe("Broken MWS");
  });

  it("translates each part of a recorded route reason", () => {
    expect(routeReasonLabel("rule 'e2e ru-only'; fallback list; session affinity", "ru")).toBe("правило «e2e ru-only»; список запасных моделей; привязка к сессии");
    expect(routeReasonLabel("rule 'ab' (A/B: 20% to yandex/yandexgpt-lite)", "ru")).toBe("правило «ab» (A/B: 20% на yandex/yandexgpt-lite)");
    expect(routeReasonLabel("weighted", "ru")).toBe("взвешенно случайная");
    expect(routeReasonLabel("semantic cache hit (similarity 0.951)", "ru")).toBe("ответ из семантического кэша (сходство 0.951)");
    expect(routeReasonLabel("provider order gigachat > yandex; sorted by price", "en")).toBe("provider order gigachat > yandex; sorted by price");
    expect(routeReasonLabel("something new", "ru")).toBe("something new");
  });
});
