/** Vega-Lite spec types, taken from vega-lite's one public spec type so no deep import is needed. */

import type { TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec };

/** Any spec that can sit inside a concatenation (unit, layer, facet, concat). */
export type SubSpec = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
