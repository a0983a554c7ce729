import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legalPages, vatRates } from "./schema";
import { databaseKinds } from "../testing/databases";

describe.each(databaseKinds)("issue 19 seeds on %s", (_kind, open) => {
  let handle: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(() => handle.cleanup());

  it("VAT is 22 % from 2026-01-01, and the three legal pages start at version 1 in Russian", async () => {
    expect(await handle.db.select().from(vatRates)).toContainEqual({ validFrom: "2026-01-01", rateBasisPoints: 2200 });
    const pages = await handle.db.select().from(legalPages);
    expect(pages.map((p) => p.slug).sort()).toEqual(["consent", "offer", "privacy"]);
    for (const page of pages) {
      expect(page.version).toBeGreaterThanOrEqual(1);
      expect(page.body).toMatch(/[а-яё]{5}/);
    }
    expect(pages.find((p) => p.slug === "consent")!.body).toContain("152-ФЗ");
  });
});
