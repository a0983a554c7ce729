import { describe, expect, it } from "vitest";
import { periodId } from "./periods";

describe("periodId", () => {
  it("names the current day, ISO week and month, and moves on when the day changes", () => {
    const tuesday = new Date("2026-11-24T23:59:59Z");
    const wednesday = new Date("2026-11-25T00:00:01Z");
    expect(periodId("day", tuesday)).toBe("day:2026-11-24");
    expect(periodId("day", wednesday)).toBe("day:2026-11-25");
    expect(periodId("day", tuesday)).toBe("day:2026-11-24");
    expect(periodId("week", tuesday)).toBe("week:2026-11-23");
    expect(periodId("week", wednesday)).toBe("week:2026-11-23");
    expect(periodId("week", new Date("2026-11-30T00:00:00Z"))).toBe("week:2026-11-30");
    expect(periodId("month", new Date("2026-12-01T00:00:00Z"))).toBe("month:2026-12-01");
    expect(periodId("total", wednesday)).toBe("total:1970-01-01");
  });
});
