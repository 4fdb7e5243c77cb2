// Small conversions from SDK answers to the model, shared by the scanners' read tables.

/** Tags as the SDK returns them (`[{Key, Value}]`) → a plain record. */
export function tagRecord(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** A date from the SDK as the model's ISO string; `null` when the answer has none. */
export function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}
