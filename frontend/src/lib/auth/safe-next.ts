/**
 * Where to go after signing in: only a path on this site, never another origin
 * ("//evil.example", "/\\evil.example", "https://…") and never the sign-in page itself.
 */
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//")) return "/";
  if (raw.startsWith("/\\") || /^\/login(?:[/?#]|$)/.test(raw)) return "/";
  return raw;
}
