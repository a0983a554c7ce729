/** The app a request says it comes from (OpenRouter's app attribution headers), as stored with the request. */
export interface AppAttribution {
  title?: string;
  url?: string;
}

export const MAX_APP_TITLE = 200;
export const MAX_APP_URL = 500;

/**
 * Header values arrive as latin1 (HTTP's byte strings): a title sent as UTF-8 is read back as UTF-8 when it is
 * valid UTF-8. Control characters go; the rest is plain text, shown escaped.
 */
function headerText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const utf8 = /^[\x00-\xff]*$/.test(value) ? Buffer.from(value, "latin1").toString("utf8") : value;
  const text = (utf8.includes("\uFFFD") ? value : utf8).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return text || undefined;
}

/** Only an absolute http(s) URL up to MAX_APP_URL characters is kept: anything else could not be linked safely. */
function appUrl(value: string | undefined): string | undefined {
  const text = headerText(value);
  if (!text || text.length > MAX_APP_URL) return undefined;
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.href.length <= MAX_APP_URL ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `HTTP-Referer` (the app's URL) and `X-Title` (its name; `X-OpenRouter-Title` too) attribute a request to an app,
 * as on OpenRouter. Undefined when neither is usable.
 */
export function appAttribution(header: (name: string) => string | undefined): AppAttribution | undefined {
  const title = headerText(header("x-title") ?? header("x-openrouter-title"))?.slice(0, MAX_APP_TITLE);
  const url = appUrl(header("http-referer"));
  return title || url ? { title, url } : undefined;
}
