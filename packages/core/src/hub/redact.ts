/**
 * Secret redaction: every message or log line the hub client produces passes through
 * `redactSecrets`, so a Hugging Face token never reaches a terminal, a log file or an error report.
 */

/** Hugging Face user/org tokens (`hf_...`, legacy `api_...`, `api_org_...`). */
const HF_TOKEN_RE = /\b(hf_|api_org_|api_)[A-Za-z0-9]{8,}\b/g;
/** `Authorization: Bearer xyz` / `Bearer xyz` anywhere in a string. */
const BEARER_RE = /\b(Bearer)\s+[^\s"',;]+/gi;
/** Credentials embedded in a URL (`https://user:secret@host`). */
const URL_USERINFO_RE = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
/** Token-like query parameters (`?token=...`, `&access_token=...`). */
const QUERY_TOKEN_RE = /([?&](?:token|access_token|hf_token|api_key)=)[^&\s#"']+/gi;

/**
 * Replace anything that looks like a secret with `***`. `extraSecrets` are exact strings to hide
 * too (the token in use, whatever its shape); strings shorter than 4 characters are ignored.
 */
export function redactSecrets(text: string, extraSecrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out
    .replace(HF_TOKEN_RE, (_m, prefix: string) => `${prefix}***`)
    .replace(BEARER_RE, (_m, word: string) => `${word} ***`)
    .replace(URL_USERINFO_RE, (_m, scheme: string) => `${scheme}***@`)
    .replace(QUERY_TOKEN_RE, (_m, key: string) => `${key}***`);
}
