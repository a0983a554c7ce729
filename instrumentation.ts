/** Boots migrations, catalog and providers once at start (Node runtime only); `npm start` has done it already. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getRuntime } = await import("./server/runtime");
    await getRuntime();
  }
}
