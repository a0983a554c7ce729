import { describe, expect, it } from "vitest";
import { rangeWindow } from "./routing-analytics";

describe("rangeWindow", () => {
  it("draws the days' edges in the range's zone", () => {
    const moscow = rangeWindow({ from: "2025-04-01", to: "2025-04-02", zone: "Europe/Moscow" });
    expect([moscow.from.toISOString(), moscow.to.toISOString()]).toEqual([
      "2025-03-31T21:00:00.000Z",
      "2025-04-02T21:00:00.000Z",
    ]);
    expect(moscow.days).toEqual(["2025-04-01", "2025-04-02"]);
    const utc = rangeWindow({ from: "2025-04-01", to: "2025-04-01", zone: "UTC" });
    expect([utc.from.toISOString(), utc.to.toISOString()]).toEqual([
      "2025-04-01T00:00:00.000Z",
      "2025-04-02T00:00:00.000Z",
    ]);
  });

  it("counts a request at 23:30 Moscow time on the next day for a Vladivostok admin", () => {
    const at = new Date("2025-04-01T20:30:00Z"); // 23:30 MSK on 1 April, 06:30 in Vladivostok on 2 April
    const within = (w: { from: Date; to: Date }) => w.from <= at && at < w.to;
    expect(within(rangeWindow({ from: "2025-04-02", to: "2025-04-02", zone: "Asia/Vladivostok" }))).toBe(true);
    expect(within(rangeWindow({ from: "2025-04-01", to: "2025-04-01", zone: "Asia/Vladivostok" }))).toBe(false);
    expect(within(rangeWindow({ from: "2025-04-01", to: "2025-04-01", zone: "Europe/Moscow" }))).toBe(true);
  });

  it("takes `from` alone when `to` is earlier, and at most 92 days", () => {
    expect(rangeWindow({ from: "2025-04-05", to: "2025-04-01", zone: "UTC" }).days).toEqual(["2025-04-05"]);
    const long = rangeWindow({ from: "2025-01-01", to: "2025-12-31", zone: "Asia/Vladivostok" });
    expect(long.days).toHaveLength(92);
    expect(long.days.at(-1)).toBe("2025-04-02");
    expect(long.to.toISOString()).toBe("2025-04-02T14:00:00.000Z");
  });
});
