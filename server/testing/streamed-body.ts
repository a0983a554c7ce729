/** A body that would stream `total` bytes in 16 KiB chunks, made only as they are read; `made.chunks` counts them. */
export function streamedBody(total: number) {
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  const made = { chunks: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (made.chunks * chunk.length >= total) return controller.close();
      made.chunks++;
      controller.enqueue(chunk);
    },
  });
  return { body, made };
}
