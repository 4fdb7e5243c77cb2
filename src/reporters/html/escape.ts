/** Escapes text for HTML/SVG element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` become `\u00XX` so no
 * `</script>` or `<!--` in a bucket name can end the element, and U+2028/U+2029 are escaped for old parsers.
 * `JSON.parse` of the element's text gives back the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return scriptSafe(JSON.stringify(value));
}

/** JSON text (or a piece of it: the escapes are per character) made safe as `scriptSafeJson` does. */
export function scriptSafe(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Only http(s) links become anchors: a `javascript:` URL in a reference must not be clickable. */
export function safeUrl(value: string): string | undefined {
  return /^https?:\/\/[^\s]+$/i.test(value) ? value : undefined;
}
