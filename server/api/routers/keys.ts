import { createTRPCRouter } from "../trpc";

export const keysRouter = createTRPCRouter({});
