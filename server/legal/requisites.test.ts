import { describe, expect, it } from "vitest";
import {
  requisitesErrorText,
  requisitesSchema,
  validateAccount,
  validateBik,
  validateCorrAccount,
  validateInn,
  validateKpp,
  validateOgrn,
  validateOgrnip,
  validateRequisites,
  type RequisitesInput,
} from "./requisites";

// Public, real numbers: Sberbank (ИНН, КПП, ОГРН, БИК, к/с), Gazprom's ОГРН, ФНС's sample ИП (ИНН, ОГРНИП).
const SBER = {
  inn: "7707083893",
  kpp: "773601001",
  ogrn: "1027700132195",
  bik: "044525225",
  corr: "30101810400000000225",
};
const IP = { inn: "500100732259", ogrnip: "304500116000157" };
/** An account keyed to Sberbank's БИК. */
const ACCOUNT = "40702810938000012345";

/** Changes one digit (not the first) so a check digit no longer fits. */
const typo = (digits: string, at = digits.length - 1) =>
  digits.slice(0, at) + ((Number(digits[at]) + 1) % 10) + digits.slice(at + 1);

describe("single requisites", () => {
  it("accepts real numbers", () => {
    expect(validateInn(SBER.inn, "ul")).toBeUndefined();
    expect(validateInn(IP.inn, "ip")).toBeUndefined();
    expect(validateKpp(SBER.kpp)).toBeUndefined();
    expect(validateKpp("7736AB001")).toBeUndefined();
    expect(validateOgrn(SBER.ogrn)).toBeUndefined();
    expect(validateOgrn("1027700070518")).toBeUndefined();
    expect(validateOgrnip(IP.ogrnip)).toBeUndefined();
    expect(validateBik(SBER.bik)).toBeUndefined();
    expect(validateCorrAccount(SBER.corr, SBER.bik)).toBeUndefined();
    expect(validateCorrAccount("30101810145250000974", "044525974")).toBeUndefined();
    expect(validateCorrAccount("30101810500000000653", "044030653")).toBeUndefined();
    expect(validateAccount(ACCOUNT, SBER.bik)).toBeUndefined();
  });

  it("refuses ИНН of the wrong length or with a wrong check digit", () => {
    expect(validateInn(IP.inn, "ul")).toBe("inn_length_ul");
    expect(validateInn(SBER.inn, "ip")).toBe("inn_length_ip");
    expect(validateInn("77070838a3", "ul")).toBe("inn_length_ul");
    expect(validateInn(typo(SBER.inn), "ul")).toBe("inn_checksum");
    expect(validateInn(typo(IP.inn), "ip")).toBe("inn_checksum");
    expect(validateInn(typo(IP.inn, 10), "ip")).toBe("inn_checksum");
    expect(validateInn(typo(IP.inn, 3), "ip")).toBe("inn_checksum");
  });

  it("refuses a malformed КПП", () => {
    for (const kpp of ["77360100", "7736010010", "7736ab001", "A73601001", "773601A01"])
      expect(validateKpp(kpp)).toBe("kpp_format");
  });

  it("refuses ОГРН and ОГРНИП of the wrong shape or check digit", () => {
    expect(validateOgrn("102770013219")).toBe("ogrn_format");
    expect(validateOgrn("2027700132195")).toBe("ogrn_format");
    expect(validateOgrn(typo(SBER.ogrn))).toBe("ogrn_checksum");
    expect(validateOgrnip(SBER.ogrn)).toBe("ogrnip_format");
    expect(validateOgrnip("104500116000157")).toBe("ogrnip_format");
    expect(validateOgrnip(typo(IP.ogrnip))).toBe("ogrnip_checksum");
  });

  it("refuses a БИК that is not a Russian bank's", () => {
    for (const bik of ["04452522", "144525225", "04452522x", ""]) expect(validateBik(bik)).toBe("bik_format");
  });

  it("keys accounts against the БИК", () => {
    expect(validateAccount("4070281093800001234", SBER.bik)).toBe("account_format");
    expect(validateAccount(typo(ACCOUNT, 5), SBER.bik)).toBe("account_key");
    expect(validateAccount(ACCOUNT, "044525974")).toBe("account_key");
    expect(validateAccount(ACCOUNT, "bad")).toBe("account_key");
    expect(validateCorrAccount("40101810400000000225", SBER.bik)).toBe("corr_account_format");
    expect(validateCorrAccount(SBER.corr, "044525974")).toBe("corr_account_key");
    expect(validateCorrAccount(SBER.corr, "044030225")).toBe("corr_account_key");
    expect(validateCorrAccount(typo(SBER.corr), SBER.bik)).toBe("corr_account_key");
  });
});

const company: RequisitesInput = {
  entityType: "ul",
  name: "  ПАО   Сбербанк ",
  inn: "7707 083 893",
  kpp: SBER.kpp,
  ogrn: SBER.ogrn,
  address: "117312, г. Москва, ул. Вавилова, д. 19",
  docsEmail: "Buh@Example.ru",
  bik: SBER.bik,
  bankAccount: ACCOUNT,
};

describe("validateRequisites", () => {
  it("normalizes a valid company", () => {
    expect(validateRequisites(company)).toEqual({
      ok: true,
      value: { ...company, name: "ПАО Сбербанк", inn: SBER.inn, docsEmail: "buh@example.ru" },
    });
  });

  it("takes an ИП's ОГРНИП, drops its КПП, needs no bank", () => {
    const result = validateRequisites({
      ...company,
      entityType: "ip",
      inn: IP.inn,
      ogrn: IP.ogrnip,
      kpp: "773601001",
      bik: "",
      bankAccount: null,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { entityType: "ip", kpp: null, ogrn: IP.ogrnip, bik: null, bankAccount: null },
    });
  });

  it("names every wrong field at once", () => {
    const result = validateRequisites({
      entityType: "ul",
      inn: IP.inn,
      kpp: "",
      ogrn: typo(SBER.ogrn),
      docsEmail: "nobody",
      bik: SBER.bik,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: "name", problem: "required" },
        { field: "inn", problem: "inn_length_ul" },
        { field: "kpp", problem: "required" },
        { field: "ogrn", problem: "ogrn_checksum" },
        { field: "address", problem: "required" },
        { field: "docsEmail", problem: "email" },
        { field: "bankAccount", problem: "bank_pair" },
      ],
    });
  });

  it("checks ОГРНИП for an ИП, and the account against the БИК", () => {
    const result = validateRequisites({
      ...company,
      entityType: "ip",
      inn: IP.inn,
      ogrn: SBER.ogrn,
      bankAccount: typo(ACCOUNT, 4),
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: "ogrn", problem: "ogrnip_format" },
      { field: "bankAccount", problem: "account_key" },
    ]);
  });

  it("blames a wrong БИК alone, not the account keyed to it", () => {
    const result = validateRequisites({ ...company, bik: "123" });
    expect(result.ok ? [] : result.errors).toEqual([{ field: "bik", problem: "bik_format" }]);
  });

  it("refuses an unknown entity type and overlong text", () => {
    const result = validateRequisites({ ...company, entityType: "llc", name: "x".repeat(501) });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: "entityType", problem: "entity_type" },
      { field: "name", problem: "too_long" },
    ]);
  });

  it("says what is wrong in Russian and English, naming the field", () => {
    expect(requisitesErrorText({ field: "inn", problem: "inn_length_ul" }, "ru")).toBe("ИНН юрлица — 10 цифр");
    expect(requisitesErrorText({ field: "inn", problem: "inn_checksum" }, "ru")).toMatch(
      /^Неверная контрольная сумма ИНН/,
    );
    expect(requisitesErrorText({ field: "ogrn", problem: "required" }, "ru", "ip")).toBe("ОГРНИП: заполните поле");
    expect(requisitesErrorText({ field: "address", problem: "too_long" }, "ru")).toBe(
      "Юридический адрес: не больше 500 символов",
    );
    expect(requisitesErrorText({ field: "bik", problem: "bank_pair" }, "en")).toBe(
      "BIK: the BIK and the bank account go together",
    );
    expect(requisitesErrorText({ field: "kpp", problem: "kpp_format" }, "en")).toMatch(/^KPP: 9 characters/);
  });

  it("works as a zod schema: issues at the fields, codes as messages", () => {
    expect(requisitesSchema.parse(company)).toMatchObject({ inn: SBER.inn, name: "ПАО Сбербанк" });
    const parsed = requisitesSchema.safeParse({ ...company, kpp: "12" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[["kpp"], "kpp_format"]]);
  });
});
