export const STRATEGIES = ["weighted", "least_busy", "latency", "price"] as const;
export type RoutingStrategy = (typeof STRATEGIES)[number];
