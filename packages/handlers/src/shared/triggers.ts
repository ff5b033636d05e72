/** Prefix-based trigger rules for the mock services: data, so tests and demos read the same table. */

export interface TriggerRule<E extends string> {
  /** Case-insensitive prefix of the field (leading spaces ignored). */
  prefix: string;
  effect: E;
  /** HTTP status the mock answers with. */
  status: number;
  description: string;
}

export function matchTrigger<E extends string>(
  rules: readonly TriggerRule<E>[],
  value: string,
): TriggerRule<E> | undefined {
  const normalized = value.trimStart().toLowerCase();
  return rules.find((rule) => normalized.startsWith(rule.prefix.toLowerCase()));
}
