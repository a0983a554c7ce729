/**
 * Tokens an image is taken for where the provider reports nothing: vision models bill an image by its size, from a
 * few hundred tokens to a couple of thousand (OpenAI's high detail, Qwen2.5-VL at its default resolution).
 */
export const IMAGE_TOKENS_ESTIMATE = 2_048;

/**
 * A prompt's JSON without its images (chat's `image_url` parts: a data URL is megabytes of base64, not tokens),
 * and the number of images left out, for the estimates that count characters.
 */
export function promptJson(prompt: unknown): { json: string; images: number } {
  let images = 0;
  const json =
    JSON.stringify(prompt, (key, value: unknown) => {
      if (key !== "image_url" || value === null || typeof value !== "object") return value;
      images++;
      return undefined;
    }) ?? "";
  return { json, images };
}
