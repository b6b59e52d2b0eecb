/**
 * Defaults with their sources. A schema attaches a cited default with `withDefault`: the JSON
 * Schema and `fleetsim schema --defaults` show the value and the `defaultSource` metadata.
 */

import type { z } from 'zod';

export interface Cited<T> {
  value: T;
  source: string;
}

export const cite = <T>(value: T, source: string): Cited<T> => ({ value, source });

/** Attaches a cited default: the value is written as a user would write it and parsed like input. */
export function withDefault<S extends z.ZodType>(schema: S, cited: Cited<unknown>) {
  return schema.prefault(cited.value as never).meta({ defaultSource: cited.source });
}
