import { sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/** An organization's requisites as a buyer (validated by server/legal/requisites.ts). */
export const orgRequisites = pgTable("org_requisites", {
  orgId: text()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  entityType: text({ enum: ["ul", "ip"] }).notNull(),
  name: text().notNull(),
  inn: text().notNull(),
  kpp: text(),
  ogrn: text().notNull(),
  address: text().notNull(),
  docsEmail: text().notNull(),
  bik: text(),
  bankAccount: text(),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** VAT as a dated setting: the rate of a date is the row with the latest validFrom on or before it. */
export const vatRates = pgTable("vat_rates", {
  validFrom: date({ mode: "string" }).primaryKey(),
  /** 2200 = 22 %. */
  rateBasisPoints: integer().notNull(),
});

export const LEGAL_PAGE_SLUGS = ["offer", "privacy", "consent"] as const;
export type LegalPageSlug = (typeof LEGAL_PAGE_SLUGS)[number];

/** The public offer, the privacy policy and the consent to personal-data processing; admins edit them, each edit a new version. */
export const legalPages = pgTable("legal_pages", {
  slug: text({ enum: LEGAL_PAGE_SLUGS }).primaryKey(),
  version: integer().notNull(),
  body: text().notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedByUserId: text().references(() => users.id, { onDelete: "set null" }),
});

export const offerAcceptances = pgTable(
  "offer_acceptances",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: text().references(() => organizations.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    acceptedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    ip: text(),
  },
  (t) => [index().on(t.userId), index().on(t.orgId)],
);

/** A numbered invoice (счёт на оплату); buyer and seller requisites are copied in, so it never changes after issue. */
export const invoices = pgTable(
  "invoices",
  {
    id: text().primaryKey(),
    year: integer().notNull(),
    number: integer().notNull(),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Whole kopecks, in micro-rubles; VAT included. */
    amountMicro: bigint({ mode: "number" }).notNull(),
    vatBasisPoints: integer().notNull(),
    status: text({ enum: ["issued", "paid", "cancelled", "expired"] }).notNull().default("issued"),
    paidMicro: bigint({ mode: "number" }).notNull().default(0),
    buyer: jsonb().notNull(),
    seller: jsonb().notNull(),
    issuedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    issuedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [unique().on(t.year, t.number), index().on(t.orgId, t.issuedAt)],
);

/** One uploaded 1CClientBankExchange statement. */
export const bankImports = pgTable("bank_imports", {
  id: text().primaryKey(),
  fileName: text().notNull(),
  uploadedByUserId: text().references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  /** What the upload found: matched, unmatched, duplicates, malformed… */
  counts: jsonb().notNull(),
});

/** An incoming payment of a statement; the unique triple makes a second upload of the same file credit nothing. */
export const bankPayments = pgTable(
  "bank_payments",
  {
    id: text().primaryKey(),
    importId: text()
      .notNull()
      .references(() => bankImports.id, { onDelete: "cascade" }),
    docNumber: text().notNull(),
    docDate: date({ mode: "string" }).notNull(),
    payerAccount: text().notNull(),
    payerInn: text(),
    payerName: text(),
    amountMicro: bigint({ mode: "number" }).notNull(),
    purpose: text().notNull(),
    invoiceId: text().references(() => invoices.id, { onDelete: "set null" }),
    orgId: text().references(() => organizations.id, { onDelete: "set null" }),
    status: text({ enum: ["matched", "unmatched", "assigned"] }).notNull(),
    creditedMicro: bigint({ mode: "number" }).notNull().default(0),
    note: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.docNumber, t.docDate, t.payerAccount), index().on(t.status), index().on(t.importId)],
);

/** A monthly УПД or its correction; immutable once issued (a correction is a new row pointing at the old one). */
export const closingDocuments = pgTable(
  "closing_documents",
  {
    id: text().primaryKey(),
    orgId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text({ enum: ["upd", "upd_correction"] }).notNull(),
    year: integer().notNull(),
    number: integer().notNull(),
    /** 'YYYY-MM', a Moscow-time month. */
    period: text().notNull(),
    /** A whole number of kopecks, in micro-rubles; VAT included. */
    amountMicro: bigint({ mode: "number" }).notNull(),
    vatMicro: bigint({ mode: "number" }).notNull(),
    correctsId: text().references((): AnyPgColumn => closingDocuments.id),
    /** The appendix lines (by model and key). */
    data: jsonb().notNull(),
    issuedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    mailedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  // A correction keeps the number of the УПД it corrects and takes its own ordinal from the 'upd_correction' series.
  (t) => [
    unique().on(t.kind, t.year, t.number),
    index().on(t.orgId, t.period),
    uniqueIndex("closing_documents_one_upd_per_month").on(t.orgId, t.period).where(sql`${t.kind} = 'upd'`),
  ],
);

/** Gapless numbering: the next number of a series in a year, taken (`update … returning`) inside the issuing transaction. */
export const documentCounters = pgTable(
  "document_counters",
  {
    series: text().notNull(),
    year: integer().notNull(),
    next: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);
