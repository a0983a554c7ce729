import type { IncomingMessage, ServerResponse } from "node:http";
import { formatKopecks } from "../amount";
import type { PaymentLifecycle } from "./payment-lifecycle";
import type { PaymentState, PaymentStore } from "./payment-store";
import { DEFAULT_TEST_CARD } from "./test-cards";

/**
 * The stand-in for the hosted confirmation page at `/checkout/{paymentId}`: a card form while pending (Pay or
 * Cancel, then a 303 to the shop's return_url), the status afterwards.
 */
export function createCheckoutHandler(store: PaymentStore, lifecycle: PaymentLifecycle) {
  return (req: IncomingMessage, raw: string, res: ServerResponse, url: URL): void => {
    const m = /^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
    const p = m ? store.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !p) {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><p>Payment not found</p>");
      return;
    }
    if (req.method === "POST" && m[2]) {
      if (p.status === "pending") {
        if (m[2] === "pay") lifecycle.pay(p, new URLSearchParams(raw).get("card") ?? DEFAULT_TEST_CARD);
        else lifecycle.cancel(p, "yoo_money", "expired_on_confirmation");
      }
      res.writeHead(303, { location: p.returnUrl ?? `/checkout/${p.id}` });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(checkoutPage(p));
  };
}

function checkoutPage(p: PaymentState): string {
  const amount = `${formatKopecks(p.kopecks)} ${p.currency === "RUB" ? "₽" : p.currency}`;
  const body =
    p.status === "pending"
      ? `<form method="post">
  <label for="card">Card number</label>
  <input id="card" name="card" value="${DEFAULT_TEST_CARD}" inputmode="numeric" autocomplete="off">
  <div class="actions">
    <button type="submit" formaction="/checkout/${p.id}/pay" data-testid="emulator-pay">Pay</button>
    <button type="submit" formaction="/checkout/${p.id}/cancel" data-testid="emulator-cancel" class="secondary">Cancel</button>
  </div>
</form>`
      : `<p data-testid="emulator-status">Payment ${escapeHtml(p.status)}.</p>${
          p.returnUrl ? `<p><a href="${escapeHtml(p.returnUrl)}">Back to the shop</a></p>` : ""
        }`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>YooKassa emulator — payment ${escapeHtml(p.id)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#0f172a}
.card{border:1px solid #cbd5e1;border-radius:.5rem;padding:1.25rem}input{width:100%;padding:.5rem;margin:.25rem 0 1rem;box-sizing:border-box}
.actions{display:flex;gap:.5rem}button{padding:.5rem 1rem;border-radius:.375rem;border:0;background:#4f46e5;color:#fff;font-size:1rem;cursor:pointer}
button.secondary{background:#e2e8f0;color:#0f172a}.muted{color:#64748b;font-size:.875rem}</style></head>
<body><div class="card">
<p class="muted">YooKassa emulator (test shop ${escapeHtml(p.shop.shopId)}) — stands in for the hosted confirmation page</p>
<h1 data-testid="emulator-amount">${escapeHtml(amount)}</h1>
${p.description ? `<p>${escapeHtml(p.description)}</p>` : ""}
${body}
</div></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
