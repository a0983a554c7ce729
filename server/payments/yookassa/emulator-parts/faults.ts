import { ApiError, internalServerError } from "./api-error";
import type { YooKassaEmulatorFault } from "./types";

export type FaultQueue = ReturnType<typeof createFaultQueue>;

/** Faults injected by tests, each used up by the next `times` matching calls. */
export function createFaultQueue() {
  let faults: (YooKassaEmulatorFault & { left: number })[] = [];

  return {
    inject(fault: YooKassaEmulatorFault): void {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clear(): void {
      faults = [];
    },
    /** The first fault matching the call, counted as used; undefined when none does. */
    take(method: string, path: string): YooKassaEmulatorFault | undefined {
      const fault = faults.find(
        (f) =>
          f.left > 0 &&
          (!f.method || f.method === method) &&
          (!f.path || (typeof f.path === "string" ? f.path === path : f.path.test(path))),
      );
      if (!fault) return undefined;
      fault.left--;
      faults = faults.filter((f) => f.left > 0);
      return fault;
    },
  };
}

/** The answer a status fault gives instead of running the call; undefined for faults without a status. */
export function faultAnswer(fault: YooKassaEmulatorFault): { status: number; body: unknown } | undefined {
  if (fault.status === 202) {
    // Legacy asynchronous answer (§6.3).
    return {
      status: 202,
      body: {
        type: "processing",
        description: "Request accepted, but not processed yet. Retry again with the same Idempotence-Key",
        retry_after: fault.retryAfterMs ?? 1800,
      },
    };
  }
  if (fault.status === 429) {
    const error = new ApiError(429, "too_many_requests", "Too many requests", undefined, fault.retryAfterMs ?? 1000);
    return { status: 429, body: error.toBody() };
  }
  if (fault.status === 500) return { status: 500, body: internalServerError().toBody() };
  return undefined;
}
