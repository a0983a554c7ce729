/** The portal as a browser uses it, without a browser: a credentials sign-in (next-auth) and tRPC mutations. */

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** Signs in on the instance at `baseUrl`; returns the Cookie header of the session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = cookiesOf(csrf);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = cookiesOf(res).find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in on ${baseUrl} failed: HTTP ${res.status}`);
  return [...cookies, session].join("; ");
}

/** One tRPC mutation (superjson input) with the session; throws unless it answers 200. */
export async function mutate(baseUrl: string, cookie: string, procedure: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as { result?: { data?: { json?: unknown } } };
  if (res.status !== 200) throw new Error(`${procedure} answered HTTP ${res.status}: ${JSON.stringify(body)}`);
  return body.result?.data?.json;
}
