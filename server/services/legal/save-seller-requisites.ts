import type { Db } from "../../db";
import { settings } from "../../db/schema";
import { format } from "../../core/locale";
import {
  compactNumber,
  tidyText,
  requisitesMessages,
  validateAccount,
  validateBik,
  validateCorrAccount,
  validateInn,
  validateKpp,
  validateOgrn,
  validateOgrnip,
  type RequisitesProblem,
} from "../../legal/requisites";
import { SELLER_REQUISITES_SETTING, SELLER_VAT_STATUSES, type SellerRequisites } from "./get-seller-requisites";
import { LegalError } from "./legal-error";

export type SellerRequisitesInput = { [K in keyof SellerRequisites]?: string | null };

const LABELS: Record<keyof SellerRequisites, string> = {
  name: "Наименование",
  inn: "ИНН",
  kpp: "КПП",
  ogrn: "ОГРН",
  address: "Юридический адрес",
  bankName: "Банк",
  bik: "БИК",
  account: "Расчётный счёт",
  corrAccount: "Корреспондентский счёт",
  vatStatus: "Режим НДС",
};
const MAX_TEXT = 500;


/**
 * Validates and saves the seller's requisites (admin only), refusing with `requisites_invalid` and a Russian message
 * per wrong field. A 12-digit ИНН is a sole trader's: no КПП, an ОГРНИП in `ogrn`.
 */
export async function saveSellerRequisites(db: Db, input: SellerRequisitesInput): Promise<SellerRequisites> {
  const inn = compactNumber(input.inn);
  const soleTrader = inn.length === 12;
  const value: SellerRequisites = {
    name: tidyText(input.name),
    inn,
    kpp: soleTrader ? null : compactNumber(input.kpp),
    ogrn: compactNumber(input.ogrn),
    address: tidyText(input.address),
    bankName: tidyText(input.bankName),
    bik: compactNumber(input.bik),
    account: compactNumber(input.account),
    corrAccount: compactNumber(input.corrAccount),
    vatStatus: input.vatStatus === "no_vat" ? "no_vat" : "vat",
  };
  const problems: Partial<Record<keyof SellerRequisites, RequisitesProblem | string>> = {};
  const check = (field: keyof SellerRequisites, rule: () => RequisitesProblem | undefined) => {
    const present = value[field];
    const problem = present ? rule() : "required";
    if (problem) problems[field] = problem;
  };
  const long = (field: "name" | "address" | "bankName") => () => (value[field].length > MAX_TEXT ? ("too_long" as const) : undefined);
  check("name", long("name"));
  check("inn", () => validateInn(inn, soleTrader ? "ip" : "ul"));
  if (!soleTrader) check("kpp", () => validateKpp(value.kpp!));
  check("ogrn", () => (soleTrader ? validateOgrnip(value.ogrn) : validateOgrn(value.ogrn)));
  check("address", long("address"));
  check("bankName", long("bankName"));
  check("bik", () => validateBik(value.bik));
  check("account", () => validateAccount(value.account, value.bik));
  check("corrAccount", () => validateCorrAccount(value.corrAccount, value.bik));
  if (input.vatStatus && !(SELLER_VAT_STATUSES as readonly string[]).includes(input.vatStatus)) problems.vatStatus = "vat_status";

  if (Object.keys(problems).length > 0) {
    const words = requisitesMessages.ru as Record<string, string>;
    const fields = Object.fromEntries(
      Object.entries(problems).map(([field, problem]) => {
        const label = field === "ogrn" && soleTrader ? "ОГРНИП" : LABELS[field as keyof SellerRequisites];
        const template = words[problem] ?? "{field}: выберите «НДС» или «Без НДС»";
        return [field, format(template, { field: label, max: MAX_TEXT })];
      }),
    );
    throw new LegalError("requisites_invalid", fields);
  }
  await db
    .insert(settings)
    .values({ key: SELLER_REQUISITES_SETTING, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  return value;
}
