/**
 * What every catalogue entry is made of: an event is `t` (virtual ms), `type` and the type's own
 * fields; its entry says in a line what it records and in a line per field what each one holds.
 * The field lines are in the order the fields appear on a timeline.jsonl line.
 */

/** The fields a constructor takes: the event without `t` and `type`. */
export type Fields<E> = Omit<E, 't' | 'type'>;

/** Every field of every member of `E` but `t` and `type`. */
type FieldNames<E> = E extends unknown ? Exclude<keyof E, 't' | 'type'> : never;

/** One event type's entry: a line on what it records and a line per field, optional fields included. */
export interface EventDoc<E> {
  description: string;
  fields: { readonly [F in FieldNames<E>]-?: string };
}

/** A family's entries, exactly one per event type of the family. */
export type EventDocs<E extends { type: string }> = { readonly [K in E['type']]: EventDoc<Extract<E, { type: K }>> };

/** Field lines several types share. */
export const CLUSTER = 'the workload cluster, `namespace/name`';
export const MACHINE = 'the Machine, `Machine/namespace/name`';
