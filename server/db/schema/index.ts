export * from "./users";
export * from "./keys";
export * from "./catalog";
export * from "./requests";
export * from "./ledger";
export * from "./mail";
export * from "./billing";
export * from "./routing";
