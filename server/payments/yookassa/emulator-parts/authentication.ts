import { ApiError } from "./api-error";
import type { YooKassaEmulatorShop } from "./types";

/** The shop named by HTTP Basic `shopId:secretKey` (§1.2), or 401 invalid_credentials. */
export function authenticate(authorization: string | undefined, shops: YooKassaEmulatorShop[]): YooKassaEmulatorShop {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (match) {
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const shop = shops.find((s) => s.shopId === decoded.slice(0, colon) && s.secretKey === decoded.slice(colon + 1));
    if (colon > 0 && shop) return shop;
  }
  // Description text is [3P]; the exact wording is UNCONFIRMED.
  throw new ApiError(
    401,
    "invalid_credentials",
    "Error in shopId or secret key. Check their validity. You can reissue the key in the Merchant Profile",
  );
}
