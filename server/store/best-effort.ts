/**
 * A store call that is an optimisation (a shared token cache, say): when the store fails, the fallback is used and
 * each process goes on by itself.
 */
export async function bestEffort<T>(op: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await op();
  } catch {
    return fallback;
  }
}
