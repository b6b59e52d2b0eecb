/**
 * A file of CAPI manifests given where a scenario is expected (`fleetsim validate cluster.yaml`):
 * said in one line with what to do instead, rather than as a scenario's missing fields or a
 * complaint about the `---` separators between the objects.
 */

/** Kubernetes objects of Cluster API and its providers: `cluster.x-k8s.io/v1beta1`, `infrastructure.cluster.x-k8s.io/v1beta2`, … */
const CAPI_API_VERSION = /^([a-z0-9-]+\.)*x-k8s\.io\/v\d/;

function kindOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' && CAPI_API_VERSION.test(apiVersion) && typeof kind === 'string' ? kind : undefined;
}

/** The message for `documents` (plain values) when the first one is a CAPI object, else undefined. */
export function capiManifestsHint(documents: readonly unknown[], file: string): string | undefined {
  if (kindOf(documents[0]) === undefined) return undefined;
  const kinds = [...new Set(documents.map(kindOf).filter((k): k is string => k !== undefined))];
  const shown = kinds.length > 4 ? `${kinds.slice(0, 4).join(', ')}, …` : kinds.join(', ');
  return `these are CAPI manifests (${shown}), not a scenario: use \`fleetsim import ${file}\` to turn them into one, or list the file in a scenario's clusters as \`- manifests: ${file}\``;
}
