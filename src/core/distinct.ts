/** Each item once, by its key, in first-seen order: the filter every "no duplicate citations / sentences / terms" step needs. */
export function distinctBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
