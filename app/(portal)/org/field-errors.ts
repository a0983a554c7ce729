/** The per-field messages a procedure answered (`data.zodError.fieldErrors.<field>[0]`: a sentence naming the field). */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  const fields = (err as { data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } }).data?.zodError?.fieldErrors ?? {};
  return Object.fromEntries(Object.entries(fields).flatMap(([field, messages]) => (messages?.[0] ? [[field, messages[0]]] : [])));
}
