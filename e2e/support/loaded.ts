import { expect, type Page, type Request, type Response } from "@playwright/test";

/** What the portal shows while a query is pending ("Загрузка…", "Загружаем ключи…", "Loading keys…"). */
const LOADING_TEXT = /^(Загрузка|Загружаем|Loading)\b.*…$/;

/** The page's own calls for data (tRPC, next-auth's session), not Next's prefetches of the pages it links to. */
const isDataCall = (request: Request) =>
  new URL(request.url()).pathname.startsWith("/api/") && request.resourceType() !== "eventsource";

/** The browser's main thread has nothing left to run: React has rendered what it has and its effects have sent their fetches. */
const mainThreadIdle = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2_000 })));

/**
 * Opens `path` and waits until the page shows its data (see gotoSettled and expectLoaded); the navigation's response.
 * Unlike `networkidle` this does not sit out a quiet half second, nor wait for link prefetches or a polling page's
 * next poll.
 */
export async function openLoaded(page: Page, path: string): Promise<Response | null> {
  const response = await gotoSettled(page, path);
  await expectLoaded(page);
  return response;
}

/**
 * Opens `path` and waits until the document has loaded, React has hydrated it and run its effects, and none of the
 * data calls they made is in flight, again after their answers render (data can ask for more data).
 */
export async function gotoSettled(page: Page, path: string): Promise<Response | null> {
  const inFlight = new Set<Request>();
  let drained = () => {};
  const sent = (request: Request) => void (isDataCall(request) && inFlight.add(request));
  const ended = (request: Request) => void (inFlight.delete(request) && inFlight.size === 0 && drained());
  page.on("request", sent);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  try {
    const response = await page.goto(path);
    for (;;) {
      await mainThreadIdle(page);
      if (inFlight.size === 0) return response;
      await new Promise<void>((resolve) => (drained = resolve));
    }
  } finally {
    page.off("request", sent);
    page.off("requestfinished", ended);
    page.off("requestfailed", ended);
  }
}

/** The page's main content is shown and no loading placeholder is left. */
export async function expectLoaded(page: Page): Promise<void> {
  await expect(page.locator("main").first(), "the main content is shown").toBeVisible();
  await expect(page.getByText(LOADING_TEXT).filter({ visible: true }), "a loading placeholder is left").toHaveCount(0);
}
