import { describe, expect, it } from "vitest";
import { keyStatus, periodStart } from "./key-view";

describe("key periods and status", () => {
  const now = new Date("2025-03-13T15:30:00Z"); // a Thursday

  it("limit periods start at UTC day, ISO week (Monday) and month boundaries", () => {
    expect(periodStart("day", now)?.toISOString()).toBe("2025-03-13T00:00:00.000Z");
    expect(periodStart("week", now)?.toISOString()).toBe("2025-03-10T00:00:00.000Z");
    expect(periodStart("week", new Date("2025-03-16T23:00:00Z"))?.toISOString()).toBe("2025-03-10T00:00:00.000Z");
    expect(periodStart("week", new Date("2025-03-01T10:00:00Z"))?.toISOString()).toBe("2025-02-24T00:00:00.000Z");
    expect(periodStart("month", now)?.toISOString()).toBe("2025-03-01T00:00:00.000Z");
    expect(periodStart("total", now)).toBeNull();
  });

  it("revoked beats expired beats disabled", () => {
    const past = new Date(now.getTime() - 1000);
    const future = new Date(now.getTime() + 1000);
    expect(keyStatus({ revokedAt: past, disabledAt: past, expiresAt: past }, now)).toBe("revoked");
    expect(keyStatus({ revokedAt: null, disabledAt: past, expiresAt: past }, now)).toBe("expired");
    expect(keyStatus({ revokedAt: null, disabledAt: past, expiresAt: future }, now)).toBe("disabled");
    expect(keyStatus({ revokedAt: null, disabledAt: null, expiresAt: null }, now)).toBe("active");
  });
});
