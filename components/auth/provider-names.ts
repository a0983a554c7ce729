/** How the sign-in providers are called on buttons and in lists. */
export function providerName(provider: string): string {
  return provider === "yandex" ? "Яндекс ID" : provider === "github" ? "GitHub" : provider;
}
