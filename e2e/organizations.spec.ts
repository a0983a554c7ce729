import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import OpenAI from "openai";
import pg from "pg";
import { formatRub, roundToKopecks } from "../server/core/format/rub";
import { runningServerDatabaseUrl } from "../server/db/client";
import { dayInZone } from "../server/core/format/time";
import { buildStatement1C } from "../server/legal/bank-statement-1c";
import { SAMPLE_BUYER_UL, SAMPLE_SELLER } from "../server/legal/fixtures/sample-statement";
import { parsePaymentQr } from "../server/legal/payment-qr";
import { decodePdfQr, pdfText } from "../server/testing/read-pdf";
import { dataDir, xrouter } from "./support/cli";
import { createUser, openLoginForm, PASSWORD } from "./support/session";

const SCREENSHOTS = "test-results/screenshots";
const GIGA = "gigachat/GigaChat-2";
/** Sberbank's public numbers: a valid ОГРН, and the БИК the sample seller's account is keyed to. */
const OGRN = "1027700132195";
const SELLER_BANK = { name: "ПАО Сбербанк", bik: "044525225", corrAccount: "30101810400000000225" };
const CALLS = 3;

/** The page at 1440 and 390 px (test-results/screenshots/<name>-desktop|phone.png), left at 1440. */
async function shoot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // What sticks out, named in the failure: elements past the right edge outside a scroll box.
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && (getComputedStyle(el).position === "absolute" || !el.parentElement?.closest(".overflow-x-auto")))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
  expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways at 390 px: ${wide.join(" | ")}`).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-desktop.png`, fullPage: true });
}

/** Logs in through the form, to `next` (or the dashboard). */
async function logIn(page: Page, email: string, next?: string) {
  await openLoginForm(page, next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel(/Электронная почта|Email/).fill(email);
  await page.getByLabel(/^(Пароль|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /^(Войти|Log in)$/ }).click();
  await expect(page).toHaveURL(next ?? /\/dashboard/);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  return page;
}

/**
 * Moves an organization's requests and charges one month back (the ledger's order, by id, stays), straight in the
 * server's embedded database: the test cannot wait for a month to end. Returns that month and its first and last day.
 */
async function moveSpendingToLastMonth(orgId: string): Promise<{ month: string; from: string; to: string }> {
  const client = new pg.Client({ connectionString: runningServerDatabaseUrl(dataDir) });
  await client.connect();
  try {
    const { rows } = await client.query<{ wallet: string }>("select wallet_user_id as wallet from organizations where id = $1", [orgId]);
    const wallet = rows[0]!.wallet;
    await client.query("update requests set created_at = created_at - interval '1 month' where user_id = $1", [wallet]);
    await client.query("update ledger set created_at = created_at - interval '1 month' where user_id = $1 and kind = 'charge'", [wallet]);
  } finally {
    await client.end();
  }
  const [year, month] = dayInZone(new Date()).split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month - 1, 0)).toISOString().slice(0, 10);
  return { month: last.slice(0, 7), from: `${last.slice(0, 7)}-01`, to: last };
}

/** A PDF's text on one line: pdftotext breaks a long line where the layout wraps it. */
const flat = (text: string) => text.replace(/\s+/g, " ");

async function download(page: Page, link: ReturnType<Page["getByTestId"]>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return readFile(await file.path());
}

test("issue 19: an organization invites a member, pays an invoice by bank transfer, spends and gets its УПД", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const admin = createUser("org-admin", true);
  const owner = createUser("org-owner");
  const member = createUser("org-member");
  const orgName = `ООО «Ромашка» ${Date.now()}`;
  await page.setViewportSize({ width: 1440, height: 900 });

  // The admin sets the seller's requisites (a wrong ИНН first: its Russian message names the field).
  const adminPage = await newPage(browser);
  await logIn(adminPage, admin.email);
  await adminPage.goto("/admin/legal");
  const seller = {
    name: SAMPLE_SELLER.name,
    inn: "7707083894",
    kpp: SAMPLE_SELLER.kpp,
    ogrn: OGRN,
    address: "117312, г. Москва, ул. Вавилова, д. 19",
    bankName: SELLER_BANK.name,
    bik: SELLER_BANK.bik,
    account: SAMPLE_SELLER.account,
    corrAccount: SELLER_BANK.corrAccount,
  };
  for (const [field, value] of Object.entries(seller)) await adminPage.getByTestId(`seller-${field}`).fill(value);
  await adminPage.getByTestId("seller-save").click();
  await expect(adminPage.getByTestId("seller-inn-error")).toContainText("ИНН");
  await adminPage.getByTestId("seller-inn").fill(SAMPLE_SELLER.inn);
  await adminPage.getByTestId("seller-save").click();
  await expect(adminPage.getByTestId("seller-notice")).toHaveText("Сохранено");
  await expect(adminPage.getByTestId("vat-rates")).toContainText("22");
  await shoot(adminPage, "admin-legal");

  // The owner: no organization yet, then creates one accepting the offer.
  await logIn(page, owner.email);
  await page.goto("/org");
  await expect(page.getByTestId("org-create-link")).toBeVisible();
  await shoot(page, "org-personal");
  await page.getByTestId("org-create-link").click();
  await expect(page.getByRole("link", { name: "публичной оферты" })).toHaveAttribute("href", "/offer");
  await page.getByTestId("org-create-name").fill(orgName);
  await page.getByTestId("org-create-submit").click();
  await expect(page.getByTestId("org-create-error")).toHaveText("Примите условия оферты.");
  await page.getByTestId("org-create-offer").check();
  await shoot(page, "org-new");
  await page.getByTestId("org-create-submit").click();
  await expect(page).toHaveURL(/\/org$/);
  await expect(page.getByTestId("org-name")).toHaveText(orgName);
  const orgId = (await page.context().cookies()).find((cookie) => cookie.name === "xr-account")?.value;
  expect(orgId).toMatch(/^org_/);
  await expect(page.getByTestId("account-select")).toHaveValue(orgId!);
  await expect(page.getByTestId("org-balance")).toHaveText(formatRub(0, "ru"));

  // Requisites: a wrong ИНН is refused with the field named, then the buyer's are saved.
  await page.goto("/org/requisites");
  const buyer = { name: SAMPLE_BUYER_UL.name, inn: "7728145679", kpp: SAMPLE_BUYER_UL.kpp, ogrn: OGRN, address: "125009, г. Москва, ул. Тверская, д. 1", docsEmail: owner.email };
  for (const [field, value] of Object.entries(buyer)) await page.getByTestId(`requisites-${field}`).fill(value);
  await page.getByTestId("requisites-offer").check();
  await page.getByTestId("requisites-save").click();
  await expect(page.getByTestId("requisites-inn-error")).toContainText("ИНН");
  await shoot(page, "org-requisites");
  await page.getByTestId("requisites-inn").fill(SAMPLE_BUYER_UL.inn);
  await page.getByTestId("requisites-save").click();
  await expect(page.getByTestId("requisites-notice")).toHaveText("Реквизиты сохранены");
  await expect(page.getByTestId("requisites-inn-error")).toHaveCount(0);

  // Invite the member by e-mail as a developer.
  await page.goto("/org");
  await page.getByTestId("invite-email").fill(member.email);
  await page.getByTestId("invite-role").selectOption("developer");
  await page.getByTestId("invite-submit").click();
  await expect(page.getByTestId("invite-notice")).toContainText(member.email);
  await expect(page.locator(`[data-testid=invitation-row][data-email="${member.email}"]`)).toBeVisible();

  // The member opens the mailed link signed out, logs in through it, accepts, and lands in the organization.
  const memberPage = await newPage(browser);
  await memberPage.goto("/dev/outbox");
  const href = await memberPage.locator(`[data-testid=outbox-mail][data-to="${member.email}"]`).first().getByTestId("outbox-link").first().getAttribute("href");
  const invitePath = new URL(href!).pathname;
  expect(invitePath).toMatch(/^\/invite\//);
  await memberPage.goto(invitePath);
  await expect(memberPage.getByTestId("invite-card")).toContainText(orgName);
  await shoot(memberPage, "org-invite");
  await memberPage.getByTestId("invite-login").click();
  await expect(memberPage).toHaveURL(/\/login\?next=/);
  await logIn(memberPage, member.email, invitePath);
  await memberPage.getByTestId("invite-accept").click();
  await expect(memberPage).toHaveURL(/\/org$/);
  await expect(memberPage.getByTestId("org-name")).toHaveText(orgName);
  // A developer manages nothing: no invitations, no money sections.
  await expect(memberPage.getByTestId("invite-form")).toHaveCount(0);
  await expect(memberPage.getByTestId("member-remove")).toHaveCount(0);
  await expect(memberPage.getByTestId("admin-tab-invoices")).toHaveCount(0);
  await memberPage.goto("/org/invoices");
  await expect(memberPage.locator("main")).toContainText("Вашей роли (разработчик) этот раздел недоступен.");

  // The member makes a key in the organization.
  await memberPage.goto("/keys");
  await memberPage.getByTestId("create-key-open").click();
  await memberPage.getByLabel("Название").fill("org member key");
  await memberPage.getByTestId("create-key-submit").click();
  const key = (await memberPage.getByTestId("new-key-value").textContent())!.trim();
  expect(key).toMatch(/^xr-/);

  // The owner sees the member, then issues an invoice and downloads its PDF.
  await page.goto("/org");
  await expect(page.locator(`[data-testid=member-row][data-email="${member.email}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid=invitation-row][data-email="${member.email}"]`)).toHaveCount(0);
  await shoot(page, "org-members");
  await page.goto("/org/invoices");
  await page.getByTestId("invoice-amount").fill("1 500,00");
  await page.getByTestId("invoice-issue").click();
  await expect(page.getByTestId("invoice-notice")).toContainText(/Счёт СЧ-\d{4}-\d{6} выставлен/);
  const row = page.getByTestId("invoice-row").first();
  await expect(row).toHaveAttribute("data-status", "issued");
  const numberText = (await row.getAttribute("data-number"))!;
  const pdf = await download(page, row.getByTestId("invoice-pdf"));
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const invoiceText = flat(await pdfText(pdf));
  expect(invoiceText).toMatch(/Счёт на оплату/i);
  expect(invoiceText).toContain(SAMPLE_BUYER_UL.inn);
  expect(invoiceText).toContain("1 500,00");
  const qr = parsePaymentQr((await decodePdfQr(pdf))!);
  expect(qr).toMatchObject({
    Name: SAMPLE_SELLER.name,
    PersonalAcc: SAMPLE_SELLER.account,
    BIC: SELLER_BANK.bik,
    CorrespAcc: SELLER_BANK.corrAccount,
    PayeeINN: SAMPLE_SELLER.inn,
    Sum: "150000",
  });
  expect(qr.Purpose).toContain(numberText);
  await shoot(page, "org-invoices");

  // The admin uploads the bank's statement paying it: credited once; the same file again credits nothing.
  const statement = buildStatement1C({
    account: SAMPLE_SELLER.account,
    documents: [
      {
        number: "501",
        date: dayInZone(new Date()),
        amountMicro: 1_500_000_000,
        payerAccount: SAMPLE_BUYER_UL.account,
        payerInn: SAMPLE_BUYER_UL.inn,
        payerName: SAMPLE_BUYER_UL.name,
        payerBank: SAMPLE_BUYER_UL.bank,
        payeeAccount: SAMPLE_SELLER.account,
        payeeInn: SAMPLE_SELLER.inn,
        payeeName: SAMPLE_SELLER.name,
        purpose: `Оплата по счету ${numberText} за доступ к API. Сумма 1500-00, в т.ч. НДС (22%) 270-49`,
      },
    ],
  });
  await adminPage.goto("/admin/bank");
  for (const [upload, matched, duplicates] of [
    [1, "1", "0"],
    [2, "0", "1"],
  ] as const) {
    await adminPage.getByTestId("statement-file").setInputFiles({ name: `statement-${upload}.txt`, mimeType: "text/plain", buffer: statement });
    await adminPage.getByTestId("statement-upload").click();
    await expect(adminPage.getByTestId("statement-result")).toContainText(`statement-${upload}.txt`);
    await expect(adminPage.getByTestId("statement-count-matched")).toHaveAttribute("data-count", matched);
    await expect(adminPage.getByTestId("statement-count-duplicates")).toHaveAttribute("data-count", duplicates);
    if (upload === 1) await shoot(adminPage, "admin-bank");
  }

  // The wallet got 1 500 ₽ once; the invoice is paid.
  await page.goto("/org/invoices");
  await expect(page.getByTestId("invoice-row").first()).toHaveAttribute("data-status", "paid");
  await page.goto("/org");
  await expect(page.getByTestId("org-balance")).toHaveText(formatRub(1_500_000_000, "ru"));

  // The member's calls with their key charge the organization.
  const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
  for (let i = 0; i < CALLS; i++) {
    const reply = await client.chat.completions.create({ model: GIGA, messages: [{ role: "user", content: `organization call ${i}: ${"слово ".repeat(300)}` }] });
    expect(reply.choices[0]?.message.content).toBeTruthy();
  }
  const today = dayInZone(new Date());
  const month = today.slice(0, 7);
  const activityPath = `/activity?from=${month}-01&to=${today}`;
  await expect(async () => {
    await page.goto(activityPath);
    await expect(page.getByTestId("activity-total-requests")).toHaveText(String(CALLS), { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  const spentMicro = Number(await page.getByTestId("activity-total-spend").locator("[data-micro]").getAttribute("data-micro"));
  expect(spentMicro).toBeGreaterThan(0);
  // The charges are booked in batches: the balance follows once they are.
  await expect(async () => {
    await page.goto("/org");
    await expect(page.getByTestId("org-balance").locator("[data-micro]")).toHaveAttribute("data-micro", String(1_500_000_000 - spentMicro), { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page.locator(`[data-testid=member-activity] >> text=${member.email}`)).toBeVisible();

  // A month's УПД is issued once the month is over: the organization's calls and charges move a month back, as if
  // made then, and the activity page of that month shows them.
  const closed = await moveSpendingToLastMonth(orgId!);
  await page.goto(`/activity?from=${closed.from}&to=${closed.to}`);
  await expect(page.getByTestId("activity-total-requests")).toHaveText(String(CALLS));
  await expect(page.getByTestId("activity-total-spend").locator("[data-micro]")).toHaveAttribute("data-micro", String(spentMicro));
  const activityTotal = (await page.getByTestId("activity-total-spend").textContent())!.trim();

  // The admin issues that month's УПД; its total is the activity page's total, to the kopeck.
  await adminPage.goto("/admin/legal");
  await adminPage.getByTestId("docs-month").fill(closed.month);
  await adminPage.getByTestId("docs-org").fill(orgId!);
  await adminPage.getByTestId("docs-issue").click();
  await expect(adminPage.getByTestId("docs-notice")).toContainText("Выпущено: 1");

  await page.goto("/org/documents");
  const document = page.locator(`[data-testid=document-row][data-period="${closed.month}"]`);
  await expect(document).toHaveCount(1);
  const total = document.getByTestId("document-total");
  expect(Number(await total.getAttribute("data-micro"))).toBe(roundToKopecks(spentMicro));
  await expect(total).toHaveText(activityTotal);
  const upd = await download(page, document.getByTestId("document-pdf"));
  const updText = flat(await pdfText(upd));
  expect(updText).toContain("Универсальный передаточный документ");
  expect(updText).toContain(SAMPLE_BUYER_UL.name);
  expect(updText).toContain(formatRub(roundToKopecks(spentMicro), "ru", { symbol: false }));
  const appendix = (await download(page, document.getByTestId("document-csv"))).toString("utf8");
  expect(appendix).toContain(GIGA);
  await shoot(page, "org-documents");

  // Every balance, the organization's wallet included, matches its ledger (the command exits 1 otherwise).
  expect(() => xrouter("ledger", "check")).not.toThrow();
});
