import { z } from "zod";
import { defineMessages, format, type Locale } from "../core/locale";

/** `ul`: юридическое лицо; `ip`: индивидуальный предприниматель. */
export const ENTITY_TYPES = ["ul", "ip"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export type RequisitesProblem =
  | "required"
  | "too_long"
  | "entity_type"
  | "email"
  | "inn_length_ul"
  | "inn_length_ip"
  | "inn_checksum"
  | "kpp_format"
  | "ogrn_format"
  | "ogrn_checksum"
  | "ogrnip_format"
  | "ogrnip_checksum"
  | "bik_format"
  | "account_format"
  | "account_key"
  | "corr_account_format"
  | "corr_account_key"
  | "bank_pair";

const digitsOnly = (value: string, length: number) => value.length === length && /^\d+$/.test(value);

/** Σ digit × weight, for the ИНН and bank account control keys. */
function weighted(digits: string, weights: readonly number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * Number(digits[i]), 0);
}

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN11_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const innDigit = (digits: string, weights: readonly number[]) => (weighted(digits, weights) % 11) % 10;

/** ИНН: 10 digits with one check digit for a company, 12 with two for an ИП (ФНС's weights). */
export function validateInn(inn: string, entityType: EntityType): RequisitesProblem | undefined {
  if (entityType === "ul") {
    if (!digitsOnly(inn, 10)) return "inn_length_ul";
    return innDigit(inn, INN10_WEIGHTS) === Number(inn[9]) ? undefined : "inn_checksum";
  }
  if (!digitsOnly(inn, 12)) return "inn_length_ip";
  const ok = innDigit(inn, INN11_WEIGHTS) === Number(inn[10]) && innDigit(inn, INN12_WEIGHTS) === Number(inn[11]);
  return ok ? undefined : "inn_checksum";
}

/** КПП: NNNN PP NNN — the tax office, the reason (digits or capital Latin letters), a number. */
export function validateKpp(kpp: string): RequisitesProblem | undefined {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp) ? undefined : "kpp_format";
}

/** ОГРН: 13 digits, first 1 or 5; the last is (first 12 as a number mod 11) mod 10. */
export function validateOgrn(ogrn: string): RequisitesProblem | undefined {
  if (!digitsOnly(ogrn, 13) || !/^[15]/.test(ogrn)) return "ogrn_format";
  return (Number(ogrn.slice(0, 12)) % 11) % 10 === Number(ogrn[12]) ? undefined : "ogrn_checksum";
}

/** ОГРНИП: 15 digits, first 3; the last is (first 14 as a number mod 13) mod 10 (14 digits are exact in a double). */
export function validateOgrnip(ogrnip: string): RequisitesProblem | undefined {
  if (!digitsOnly(ogrnip, 15) || !ogrnip.startsWith("3")) return "ogrnip_format";
  return (Number(ogrnip.slice(0, 14)) % 13) % 10 === Number(ogrnip[14]) ? undefined : "ogrnip_checksum";
}

/** БИК of a Russian bank: 9 digits starting with 04. */
export function validateBik(bik: string): RequisitesProblem | undefined {
  return digitsOnly(bik, 9) && bik.startsWith("04") ? undefined : "bik_format";
}

const ACCOUNT_WEIGHTS = Array.from({ length: 23 }, (_, i) => [7, 1, 3][i % 3]!);
/** The Central Bank's control key: 3 digits from the БИК + the 20-digit account, weights 7,1,3…, sum ≡ 0 mod 10. */
const accountKeyOk = (prefix: string, account: string) => weighted(prefix + account, ACCOUNT_WEIGHTS) % 10 === 0;

/** Расчётный счёт, keyed with the last 3 digits of its bank's БИК. Check the БИК first: a bad one fails here too. */
export function validateAccount(account: string, bik: string): RequisitesProblem | undefined {
  if (!digitsOnly(account, 20)) return "account_format";
  return validateBik(bik) === undefined && accountKeyOk(bik.slice(-3), account) ? undefined : "account_key";
}

/**
 * Корреспондентский счёт (301…): ends with the БИК's last 3 digits and is keyed with "0" + the БИК's 5th and
 * 6th digits (the settlement centre).
 */
export function validateCorrAccount(corrAccount: string, bik: string): RequisitesProblem | undefined {
  if (!digitsOnly(corrAccount, 20) || !corrAccount.startsWith("301")) return "corr_account_format";
  const fits =
    validateBik(bik) === undefined &&
    corrAccount.endsWith(bik.slice(-3)) &&
    accountKeyOk(`0${bik.slice(4, 6)}`, corrAccount);
  return fits ? undefined : "corr_account_key";
}

export const REQUISITES_FIELDS = [
  "entityType",
  "name",
  "inn",
  "kpp",
  "ogrn",
  "address",
  "docsEmail",
  "bik",
  "bankAccount",
] as const;
export type RequisitesField = (typeof REQUISITES_FIELDS)[number];

/** A buyer's requisites as stored (org_requisites): numbers without spaces, absent ones null. */
export interface Requisites {
  entityType: EntityType;
  name: string;
  inn: string;
  kpp: string | null;
  /** ОГРН for a company, ОГРНИП for an ИП. */
  ogrn: string;
  address: string;
  docsEmail: string;
  bik: string | null;
  bankAccount: string | null;
}

export type RequisitesInput = { [K in RequisitesField]?: string | null };

export interface RequisitesError {
  field: RequisitesField;
  problem: RequisitesProblem;
}

export type RequisitesResult = { ok: true; value: Requisites } | { ok: false; errors: RequisitesError[] };

const MAX_TEXT = { name: 500, address: 500, docsEmail: 254 } as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Numbers as people paste them ("7707 083 893", "0445-25-225"): separators dropped, letters upper-cased. */
/** A number as typed (spaces, no-break spaces and dashes removed, upper case), ready for the checks. */
export const compactNumber = (value: string | null | undefined) => (value ?? "").replace(/[\s\u00a0-]/g, "").toUpperCase();
/** A name or address as typed, trimmed and with runs of white space made one space. */
export const tidyText = (value: string | null | undefined) => (value ?? "").trim().replace(/\s+/g, " ");

/**
 * A whole buyer record: every problem at once, one per field. КПП is asked of a company only (an ИП's is
 * dropped); ОГРН is checked as ОГРНИП for an ИП; БИК and расчётный счёт are optional but go together.
 */
export function validateRequisites(input: RequisitesInput): RequisitesResult {
  const errors: RequisitesError[] = [];
  const fail = (field: RequisitesField, problem: RequisitesProblem | undefined) => {
    if (problem) errors.push({ field, problem });
  };
  const entityType = input.entityType === "ul" || input.entityType === "ip" ? input.entityType : undefined;
  if (!entityType) fail("entityType", input.entityType ? "entity_type" : "required");
  const type = entityType ?? "ul";

  const value: Requisites = {
    entityType: type,
    name: tidyText(input.name),
    inn: compactNumber(input.inn),
    kpp: type === "ul" ? compactNumber(input.kpp) : null,
    ogrn: compactNumber(input.ogrn),
    address: tidyText(input.address),
    docsEmail: tidyText(input.docsEmail).toLowerCase(),
    bik: compactNumber(input.bik) || null,
    bankAccount: compactNumber(input.bankAccount) || null,
  };
  const check = (field: RequisitesField, present: string | null, rule: () => RequisitesProblem | undefined) =>
    fail(field, present ? rule() : "required");

  check("name", value.name, () => (value.name.length > MAX_TEXT.name ? "too_long" : undefined));
  check("inn", value.inn, () => validateInn(value.inn, type));
  if (type === "ul") check("kpp", value.kpp, () => validateKpp(value.kpp!));
  check("ogrn", value.ogrn, () => (type === "ul" ? validateOgrn(value.ogrn) : validateOgrnip(value.ogrn)));
  check("address", value.address, () => (value.address.length > MAX_TEXT.address ? "too_long" : undefined));
  check("docsEmail", value.docsEmail, () =>
    value.docsEmail.length > MAX_TEXT.docsEmail ? "too_long" : EMAIL.test(value.docsEmail) ? undefined : "email",
  );
  const { bik, bankAccount } = value;
  if (bik && bankAccount) {
    const bikProblem = validateBik(bik);
    const accountProblem = validateAccount(bankAccount, bik);
    fail("bik", bikProblem);
    // A wrong БИК fails the account's key too; name only the БИК then.
    fail("bankAccount", bikProblem && accountProblem === "account_key" ? undefined : accountProblem);
  } else if (bik || bankAccount) fail(bik ? "bankAccount" : "bik", "bank_pair");
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/**
 * The same rules for zod (tRPC inputs, forms): a failed field becomes an issue at its path whose message is
 * the problem code (translate it with `requisitesErrorText`); the output is the normalized record.
 */
export const requisitesSchema = z
  .object(
    Object.fromEntries(REQUISITES_FIELDS.map((field) => [field, z.string().max(2000).nullish()])) as {
      [K in RequisitesField]: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    },
  )
  .transform((input, ctx) => {
    const result = validateRequisites(input);
    if (result.ok) return result.value;
    for (const error of result.errors) ctx.addIssue({ code: "custom", path: [error.field], message: error.problem });
    return z.NEVER;
  });

export const requisitesMessages = defineMessages({
  ru: {
    field_entityType: "Тип организации",
    field_name: "Наименование",
    field_inn: "ИНН",
    field_kpp: "КПП",
    field_ogrn: "ОГРН",
    field_ogrnip: "ОГРНИП",
    field_address: "Юридический адрес",
    field_docsEmail: "Email для документов",
    field_bik: "БИК",
    field_bankAccount: "Расчётный счёт",
    required: "{field}: заполните поле",
    too_long: "{field}: не больше {max} символов",
    entity_type: "Тип организации — юрлицо или ИП",
    email: "Email для документов: неверный адрес",
    inn_length_ul: "ИНН юрлица — 10 цифр",
    inn_length_ip: "ИНН ИП — 12 цифр",
    inn_checksum: "Неверная контрольная сумма ИНН — проверьте цифры",
    kpp_format: "КПП — 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры",
    ogrn_format: "ОГРН — 13 цифр, первая 1 или 5",
    ogrn_checksum: "Неверная контрольная цифра ОГРН — проверьте цифры",
    ogrnip_format: "ОГРНИП — 15 цифр, первая 3",
    ogrnip_checksum: "Неверная контрольная цифра ОГРНИП — проверьте цифры",
    bik_format: "БИК — 9 цифр, начинается с 04",
    account_format: "Расчётный счёт — 20 цифр",
    account_key: "Расчётный счёт не сходится с БИК (контрольный ключ) — проверьте счёт и БИК",
    corr_account_format: "Корреспондентский счёт — 20 цифр, начинается с 301",
    corr_account_key: "Корреспондентский счёт не сходится с БИК (контрольный ключ)",
    bank_pair: "{field}: БИК и расчётный счёт указываются вместе",
  },
  en: {
    field_entityType: "Entity type",
    field_name: "Name",
    field_inn: "INN",
    field_kpp: "KPP",
    field_ogrn: "OGRN",
    field_ogrnip: "OGRNIP",
    field_address: "Registered address",
    field_docsEmail: "Email for documents",
    field_bik: "BIK",
    field_bankAccount: "Bank account",
    required: "{field}: required",
    too_long: "{field}: at most {max} characters",
    entity_type: "Entity type: a company or a sole trader",
    email: "Email for documents: not a valid address",
    inn_length_ul: "A company's INN has 10 digits",
    inn_length_ip: "A sole trader's INN has 12 digits",
    inn_checksum: "The INN's check digits are wrong: check the number",
    kpp_format: "KPP: 9 characters — 4 digits, 2 digits or Latin capitals, 3 digits",
    ogrn_format: "OGRN: 13 digits starting with 1 or 5",
    ogrn_checksum: "The OGRN's check digit is wrong: check the number",
    ogrnip_format: "OGRNIP: 15 digits starting with 3",
    ogrnip_checksum: "The OGRNIP's check digit is wrong: check the number",
    bik_format: "BIK: 9 digits starting with 04",
    account_format: "Bank account: 20 digits",
    account_key: "The bank account does not match the BIK (control key): check both",
    corr_account_format: "Correspondent account: 20 digits starting with 301",
    corr_account_key: "The correspondent account does not match the BIK (control key)",
    bank_pair: "{field}: the BIK and the bank account go together",
  },
});

/** The field's name as the form shows it (ОГРН reads ОГРНИП for an ИП). */
export function requisitesFieldLabel(field: RequisitesField, locale: Locale, entityType: EntityType = "ul"): string {
  const key = field === "ogrn" && entityType === "ip" ? "field_ogrnip" : (`field_${field}` as const);
  return requisitesMessages[locale][key];
}

/** The message for one problem, naming its field. */
export function requisitesErrorText(error: RequisitesError, locale: Locale, entityType: EntityType = "ul"): string {
  return format(requisitesMessages[locale][error.problem], {
    field: requisitesFieldLabel(error.field, locale, entityType),
    max: error.field in MAX_TEXT ? MAX_TEXT[error.field as keyof typeof MAX_TEXT] : "",
  });
}
