import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson, sleep } from "../../../providers/emulator/server";
import { ApiError, internalServerError, invalid } from "./api-error";
import type { ApiOperation } from "./api-operations";
import { authenticate } from "./authentication";
import { type FaultQueue, faultAnswer } from "./faults";
import type { Answer, IdempotenceStore } from "./idempotence";
import type { ApiCall, YooKassaEmulatorShop } from "./types";

export interface ApiHandlerDeps {
  shops: YooKassaEmulatorShop[];
  faults: FaultQueue;
  idempotence: IdempotenceStore;
  operate: ApiOperation;
  /** Every call is logged here with the status answered (0 when the connection was dropped). */
  calls: ApiCall[];
}

/** Serves /v3: authentication, then injected faults, then the operation (POSTs through the idempotence store). */
export function createApiHandler({ shops, faults, idempotence, operate, calls }: ApiHandlerDeps) {
  function run(req: IncomingMessage, shop: YooKassaEmulatorShop, url: URL, raw: string): Answer {
    const method = req.method ?? "GET";
    const operation = (): Answer => {
      let parsed: unknown;
      if (method === "POST" && raw.trim() !== "") {
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw invalid("Request body is not valid JSON");
        }
      }
      return { status: 200, body: operate(shop, method, url.pathname, url.searchParams, parsed) };
    };
    if (method !== "POST") return operation();
    return idempotence.run(shop.shopId, req.headers["idempotence-key"], method, url.pathname, raw, operation);
  }

  return async (req: IncomingMessage, raw: string, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? "GET";
    const key = typeof req.headers["idempotence-key"] === "string" ? req.headers["idempotence-key"] : undefined;
    const answer = (status: number, body: unknown) => {
      calls.push({ method, path: url.pathname, idempotenceKey: key, status });
      sendJson(res, status, body);
    };
    const drop = () => {
      calls.push({ method, path: url.pathname, idempotenceKey: key, status: 0 });
      req.socket.destroy();
    };
    try {
      const shop = authenticate(req.headers.authorization, shops);
      const fault = faults.take(method, url.pathname);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault && !fault.afterProcessing) {
        if (fault.drop) return drop();
        const instead = faultAnswer(fault);
        if (instead) return answer(instead.status, instead.body);
      }
      const result = run(req, shop, url, raw);
      if (fault?.afterProcessing) {
        if (fault.drop) return drop();
        return answer(500, internalServerError().toBody());
      }
      answer(result.status, result.body);
    } catch (err) {
      if (err instanceof ApiError) return answer(err.status, err.toBody());
      throw err;
    }
  };
}
