import iconv from "iconv-lite";
import { KOPECK_MICRO } from "../core/format/rub";
import { defineMessages, format, type Locale } from "../core/locale";
import { formatRub, parseRub } from "../money";

// The 1C client-bank exchange format (1CClientBankExchange, versions 1.02/1.03): `Key=Value` lines, a header,
// `СекцияРасчСчет` … `КонецРасчСчет` per account, `СекцияДокумент=<kind>` … `КонецДокумента` per payment,
// `КонецФайла`. Banks write it in windows-1251 (`Кодировка=Windows`), rarely cp866 (`DOS`), some in UTF-8.

export type StatementEncoding = "utf-8" | "windows-1251" | "cp866";

/** One payment order of a statement; dates YYYY-MM-DD, the amount in integer micro-rubles (whole kopecks). */
export interface StatementDocument {
  /** The 1-based line of its `СекцияДокумент`. */
  line: number;
  /** «Платежное поручение», «Банковский ордер» … */
  kind: string;
  number: string;
  date: string;
  amountMicro: number;
  payerAccount: string;
  payerInn: string | null;
  payerName: string;
  payeeAccount: string;
  payeeInn: string | null;
  payeeName: string;
  purpose: string;
  /** ДатаПоступило: the day the money reached the payee's bank (incoming documents). */
  receivedDate: string | null;
  /** Paid to one of the statement's own accounts (or of `ownAccounts`). */
  incoming: boolean;
}

export type StatementProblem = "not_1c" | "missing_field" | "bad_amount" | "bad_date" | "unterminated" | "no_end";

/** A malformed part of the file: the 1-based line and, for a document's value, the field. */
export interface StatementError {
  line: number;
  problem: StatementProblem;
  field?: string;
  value?: string;
}

export interface Statement {
  encoding: StatementEncoding;
  formatVersion: string | null;
  /** The statement's own accounts (header `РасчСчет` and `СекцияРасчСчет`). */
  accounts: string[];
  /** The well-formed documents, in file order; malformed ones are left out and named in `errors`. */
  documents: StatementDocument[];
  errors: StatementError[];
}

const HEADER = "1CClientBankExchange";
// Control characters (a NUL most of all, which Postgres refuses in text) have no business in a value; a tab is a space.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const cleanLine = (line: string) => line.replace(CONTROL, "").replaceAll("\t", " ");
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function decode(input: Uint8Array): { text: string; encoding: StatementEncoding } {
  if (UTF8_BOM.every((byte, i) => input[i] === byte))
    return { text: new TextDecoder().decode(input.subarray(3)), encoding: "utf-8" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(input), encoding: "utf-8" };
  } catch {
    // Not UTF-8: a single-byte Cyrillic code page, named by the file's own `Кодировка=` line.
    const dos = iconv.decode(Buffer.from(input), "cp866");
    if (/^\s*Кодировка\s*=\s*DOS\s*$/im.test(dos)) return { text: dos, encoding: "cp866" };
    return { text: iconv.decode(Buffer.from(input), "win1251"), encoding: "windows-1251" };
  }
}

/** dd.mm.yyyy → YYYY-MM-DD, undefined unless a real calendar day. */
function parseDay(value: string): string | undefined {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  if (!match) return undefined;
  const [, dd, mm, yyyy] = match;
  const day = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  return day.getUTCDate() === Number(dd) && day.getUTCMonth() === Number(mm) - 1 ? `${yyyy}-${mm}-${dd}` : undefined;
}

/** An amount with at most kopecks, above zero: «1599.66», «1599,66», «1600». */
function parseAmount(value: string): number | undefined {
  const micro = /^\d+(?:[.,]\d{1,2})?$/.test(value) ? parseRub(value) : undefined;
  return micro && micro > 0 && Number.isSafeInteger(micro) ? micro : undefined;
}

type Fields = Map<string, { value: string; line: number }>;
interface Section {
  kind: "account" | "document";
  title: string;
  line: number;
  fields: Fields;
}

/** «ИНН 7707083893 ПАО СБЕРБАНК» (the one-line `Плательщик` form) → its ИНН and name. */
function splitParty(value: string): { inn?: string; name: string } {
  const match = /^ИНН\s+(\d{10}|\d{12})\s+(.*)$/.exec(value);
  return match ? { inn: match[1], name: match[2]!.trim() } : { name: value };
}

/** A document's fields → the document, or the errors that keep it out. */
function readDocument(section: Section): { document?: Omit<StatementDocument, "incoming">; errors: StatementError[] } {
  const errors: StatementError[] = [];
  const get = (...keys: string[]) => keys.map((key) => section.fields.get(key)).find((field) => field?.value);
  const required = (field: string, ...alternatives: string[]) => {
    const found = get(field, ...alternatives);
    if (!found) errors.push({ line: section.line, problem: "missing_field", field });
    return found;
  };
  const checked = <T>(
    field: string,
    found: { value: string; line: number } | undefined,
    parse: (v: string) => T | undefined,
    problem: StatementProblem,
  ) => {
    if (!found) return undefined;
    const parsed = parse(found.value);
    if (parsed === undefined) errors.push({ line: found.line, problem, field, value: found.value });
    return parsed;
  };

  const number = required("Номер");
  const date = checked("Дата", required("Дата"), parseDay, "bad_date");
  const amountMicro = checked("Сумма", required("Сумма"), parseAmount, "bad_amount");
  const payerAccount = required("ПлательщикСчет", "ПлательщикРасчСчет");
  const payeeAccount = required("ПолучательСчет", "ПолучательРасчСчет");
  const receivedDate = checked("ДатаПоступило", get("ДатаПоступило"), parseDay, "bad_date");
  if (errors.length || !number || !date || !amountMicro || !payerAccount || !payeeAccount) return { errors };

  const party = (prefix: "Плательщик" | "Получатель") => {
    const oneLine = splitParty(get(prefix)?.value ?? "");
    const inn = get(`${prefix}ИНН`)?.value ?? oneLine.inn;
    return { inn: inn && /^\d{10}(\d{2})?$/.test(inn) ? inn : null, name: get(`${prefix}1`)?.value ?? oneLine.name };
  };
  const payer = party("Плательщик");
  const payee = party("Получатель");
  const purposeLines = [1, 2, 3, 4, 5, 6].map((n) => get(`НазначениеПлатежа${n}`)?.value).filter(Boolean);
  return {
    errors,
    document: {
      line: section.line,
      kind: section.title,
      number: number.value,
      date,
      amountMicro,
      payerAccount: payerAccount.value,
      payerInn: payer.inn,
      payerName: payer.name,
      payeeAccount: payeeAccount.value,
      payeeInn: payee.inn,
      payeeName: payee.name,
      purpose: get("НазначениеПлатежа")?.value ?? purposeLines.join(" "),
      receivedDate: receivedDate ?? null,
    },
  };
}

/**
 * Reads a client-bank statement. A malformed document (a required field missing, a bad amount or date, no
 * `КонецДокумента`) is left out with errors naming its line and field; the others are still returned.
 * `ownAccounts`: the seller's accounts, counted as the statement's own when deciding what is incoming.
 */
export function parseStatement1C(input: Uint8Array, options: { ownAccounts?: readonly string[] } = {}): Statement {
  const { text, encoding } = decode(input);
  const lines = text.split(/\r\n|\r|\n/);
  const statement: Statement = { encoding, formatVersion: null, accounts: [], documents: [], errors: [] };
  if (lines[0]?.trim() !== HEADER) {
    statement.errors.push({ line: 1, problem: "not_1c" });
    return statement;
  }
  const accounts = new Set<string>();
  const documents: Omit<StatementDocument, "incoming">[] = [];
  let section: Section | undefined;
  let ended = false;
  const unterminated = (open: Section) =>
    statement.errors.push({
      line: open.line,
      problem: "unterminated",
      field: open.kind === "document" ? "КонецДокумента" : "КонецРасчСчет",
    });

  for (let i = 1; i < lines.length && !ended; i++) {
    const line = cleanLine(lines[i]!).trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    const value = eq < 0 ? "" : line.slice(eq + 1).trim();
    if (key === "СекцияДокумент" || key === "СекцияРасчСчет") {
      if (section) unterminated(section);
      section = {
        kind: key === "СекцияДокумент" ? "document" : "account",
        title: value,
        line: i + 1,
        fields: new Map(),
      };
    } else if (key === "КонецДокумента" || key === "КонецРасчСчет") {
      if (section?.kind === "document" && key === "КонецДокумента") {
        const { document, errors } = readDocument(section);
        statement.errors.push(...errors);
        if (document) documents.push(document);
      } else if (section?.kind === "account" && key === "КонецРасчСчет") {
        const account = section.fields.get("РасчСчет")?.value;
        if (account) accounts.add(account);
      } else if (section) unterminated(section);
      section = undefined;
    } else if (key === "КонецФайла") {
      if (section) unterminated(section);
      ended = true;
    } else if (section) {
      if (!section.fields.has(key)) section.fields.set(key, { value, line: i + 1 });
    } else if (key === "РасчСчет" && value) accounts.add(value);
    else if (key === "ВерсияФормата") statement.formatVersion = value;
  }
  if (!ended) {
    if (section) unterminated(section);
    statement.errors.push({ line: lines.length, problem: "no_end", field: "КонецФайла" });
  }

  statement.accounts = [...accounts];
  const own = new Set([...accounts, ...(options.ownAccounts ?? [])]);
  statement.documents = documents.map((document) => ({ ...document, incoming: own.has(document.payeeAccount) }));
  return statement;
}

export const statementMessages = defineMessages({
  ru: {
    not_1c: "Строка {line}: это не выписка 1С (первая строка не 1CClientBankExchange)",
    missing_field: "Строка {line}: в документе нет поля {field}",
    bad_amount: "Строка {line}: {field} «{value}» — не сумма в рублях с копейками больше нуля",
    bad_date: "Строка {line}: {field} «{value}» — не дата ДД.ММ.ГГГГ",
    unterminated: "Строка {line}: секция не закрыта ({field})",
    no_end: "Строка {line}: файл оборван — нет {field}",
  },
  en: {
    not_1c: "Line {line}: not a 1C statement (the first line is not 1CClientBankExchange)",
    missing_field: "Line {line}: the document has no {field}",
    bad_amount: "Line {line}: {field} “{value}” is not an amount above zero in rubles and kopecks",
    bad_date: "Line {line}: {field} “{value}” is not a DD.MM.YYYY date",
    unterminated: "Line {line}: the section is not closed ({field})",
    no_end: "Line {line}: the file is cut short — no {field}",
  },
});

export function statementErrorText(error: StatementError, locale: Locale): string {
  return format(statementMessages[locale][error.problem], {
    line: error.line,
    field: error.field ?? "",
    value: error.value ?? "",
  });
}

export interface StatementBank {
  name: string;
  bik: string;
  corrAccount: string;
}

/** A payment order to write; dates YYYY-MM-DD, the amount in micro-rubles (whole kopecks). */
export interface StatementDocumentInput {
  number: string;
  date: string;
  amountMicro: number;
  payerAccount: string;
  payerInn?: string;
  payerKpp?: string;
  payerName: string;
  payerBank?: StatementBank;
  payeeAccount: string;
  payeeInn?: string;
  payeeKpp?: string;
  payeeName: string;
  payeeBank?: StatementBank;
  purpose: string;
  /** Lines to add or replace as written (null drops one): malformed files for tests. */
  fields?: Record<string, string | null>;
}

export interface StatementInput {
  /** The statement's own account: a document paid to it is incoming, one paid from it outgoing. */
  account: string;
  documents: StatementDocumentInput[];
  /** The period, YYYY-MM-DD; defaults to the documents' first and last dates. */
  from?: string;
  to?: string;
  /** windows-1251 (the default, as banks write it) or UTF-8. */
  encoding?: "windows-1251" | "utf-8";
}

const ddmmyyyy = (day: string) => day.split("-").reverse().join(".");

function documentLines(doc: StatementDocumentInput, account: string): string[] {
  if (doc.amountMicro % KOPECK_MICRO)
    throw new RangeError(`document ${doc.number}: ${doc.amountMicro} µRUB is not whole kopecks`);
  const day = ddmmyyyy(doc.date);
  const incoming = doc.payeeAccount === account;
  const party = (
    prefix: string,
    name: string,
    accountNo: string,
    inn?: string,
    kpp?: string,
    bank?: StatementBank,
  ): [string, string | undefined][] => [
    [prefix, inn ? `ИНН ${inn} ${name}` : name],
    [`${prefix}ИНН`, inn],
    [`${prefix}КПП`, kpp],
    [`${prefix}1`, name],
    [`${prefix}РасчСчет`, accountNo],
    [`${prefix}Банк1`, bank?.name],
    [`${prefix}БИК`, bank?.bik],
    [`${prefix}Корсчет`, bank?.corrAccount],
  ];
  const fields = new Map<string, string | undefined>([
    ["Номер", doc.number],
    ["Дата", day],
    ["Сумма", formatRub(doc.amountMicro)],
    ["ПлательщикСчет", doc.payerAccount],
    [incoming ? "ДатаПоступило" : "ДатаСписано", day],
    ...party("Плательщик", doc.payerName, doc.payerAccount, doc.payerInn, doc.payerKpp, doc.payerBank),
    ["ПолучательСчет", doc.payeeAccount],
    ...party("Получатель", doc.payeeName, doc.payeeAccount, doc.payeeInn, doc.payeeKpp, doc.payeeBank),
    ["ВидОплаты", "01"],
    ["Очередность", "5"],
    ["НазначениеПлатежа", doc.purpose],
  ]);
  for (const [key, value] of Object.entries(doc.fields ?? {})) fields.set(key, value ?? undefined);
  const body = [...fields].filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value}`);
  return ["СекцияДокумент=Платежное поручение", ...body, "КонецДокумента"];
}

/** Writes a statement in the 1C exchange format (CRLF lines): test fixtures and the e2e's bank files. */
export function buildStatement1C(input: StatementInput): Buffer {
  const { account, documents } = input;
  const days = documents.map((doc) => doc.date).sort();
  const from = input.from ?? days[0] ?? "2026-01-01";
  const to = input.to ?? days.at(-1) ?? from;
  const total = (incoming: boolean) =>
    documents
      .filter((doc) => (doc.payeeAccount === account) === incoming)
      .reduce((sum, doc) => sum + doc.amountMicro, 0);
  const encoding = input.encoding ?? "windows-1251";
  const lines = [
    HEADER,
    "ВерсияФормата=1.03",
    `Кодировка=${encoding === "utf-8" ? "UTF-8" : "Windows"}`,
    "Отправитель=Клиент-Банк",
    "Получатель=Бухгалтерия предприятия",
    `ДатаСоздания=${ddmmyyyy(to)}`,
    `ДатаНачала=${ddmmyyyy(from)}`,
    `ДатаКонца=${ddmmyyyy(to)}`,
    `РасчСчет=${account}`,
    "Документ=Платежное поручение",
    "СекцияРасчСчет",
    `ДатаНачала=${ddmmyyyy(from)}`,
    `ДатаКонца=${ddmmyyyy(to)}`,
    `РасчСчет=${account}`,
    "НачальныйОстаток=0.00",
    `ВсегоПоступило=${formatRub(total(true))}`,
    `ВсегоСписано=${formatRub(total(false))}`,
    `КонечныйОстаток=${formatRub(total(true) - total(false))}`,
    "КонецРасчСчет",
    ...documents.flatMap((doc) => documentLines(doc, account)),
    "КонецФайла",
    "",
  ];
  const text = lines.join("\r\n");
  return encoding === "utf-8" ? Buffer.from(text, "utf8") : iconv.encode(text, "win1251");
}
