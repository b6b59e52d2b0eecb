/**
 * What every catalogue entry is made of: an event is `t` (virtual ms), `type` and the type's own
 * fields; its entry says in a line what it records and in a line per field what each one holds.
 * The field lines are in the order the fields appear on a timeline.jsonl line; a field the event
 * may leave out is documented with `optional(…)`, so the docs say which ones can be missing.
 */

/** The fields a constructor takes: the event without `t` and `type`. */
export type Fields<E> = Omit<E, 't' | 'type'>;

type Own<E> = Exclude<keyof E, 't' | 'type'>;
type OptionalOf<E> = { [K in Own<E>]-?: object extends Pick<E, K> ? K : never }[Own<E>];
type RequiredOf<E> = Exclude<Own<E>, OptionalOf<E>>;

/** The line of a field that is left out when it does not apply. */
export interface OptionalField {
  readonly optional: string;
}

export function optional(line: string): OptionalField {
  return { optional: line };
}

/** One event type's entry: a line on what it records and a line per field. */
export interface EventDoc<E> {
  description: string;
  fields: { readonly [F in RequiredOf<E>]-?: string } & { readonly [F in OptionalOf<E>]-?: OptionalField };
}

/** A family's entries, exactly one per event type of the family. */
export type EventDocs<E extends { type: string }> = { readonly [K in E['type']]: EventDoc<Extract<E, { type: K }>> };

/** Field lines several types share. */
export const CLUSTER = 'the workload cluster, `namespace/name`';
export const MACHINE = 'the Machine, `Machine/namespace/name`';
