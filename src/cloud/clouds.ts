/**
 * The cloud table (fleetsim issue 13): one row per infrastructure provider, each declared in its
 * folder (cloud/<kind>/index.ts). Provider names, the `clouds:` section of the file format, the
 * provider registry, managed node pools, the loader's per-cloud defaults and the manifest importer
 * all read this table; a provider exists exactly when its row does. Row order is the file format's
 * (the `provider` enum, messages, `fleetsim schema --defaults`).
 */

import { z } from 'zod';
import type { ApiModel, CloudDefinition } from './definition.js';
import { CloudOverrideSchema } from './overrides.js';
import { AWS } from './aws/index.js';
import { AZURE } from './azure/index.js';
import { DOCKER } from './docker/index.js';
import { GCP } from './gcp/index.js';

export const CLOUDS = { docker: DOCKER, aws: AWS, azure: AZURE, gcp: GCP };

type Table = typeof CLOUDS;

export type ProviderKind = keyof Table;

/** The providers with an API model (the clouds proper; docker has none). */
export type CloudKind = { [K in ProviderKind]: Table[K]['model']['api'] extends ApiModel ? K : never }[ProviderKind];

/** tsc checks that each row sits under its own kind. */
const rowsUnderTheirKind: { readonly [K in ProviderKind]: CloudDefinition<K> } = CLOUDS;
void rowsUnderTheirKind;

export const PROVIDER_KINDS = Object.keys(CLOUDS) as ProviderKind[];

/** A provider name as the file writes it. */
export const ProviderName = z.enum(PROVIDER_KINDS as [ProviderKind, ...ProviderKind[]]);

/** The row of a provider. */
export function cloudOf(kind: ProviderKind): CloudDefinition<ProviderKind> {
  return CLOUDS[kind];
}

type CloudsShape = { [K in ProviderKind]: z.ZodOptional<typeof CloudOverrideSchema> };

/** `clouds:`: one override per provider. */
export const CloudsSchema = z.strictObject(Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, CloudOverrideSchema.optional()])) as CloudsShape);

/** Every provider's overrides (`clouds:`). */
export type CloudOverridesByProvider = z.output<typeof CloudsSchema>;
