import { createTRPCRouter } from "../trpc";

export const usageRouter = createTRPCRouter({});
