/** Reading dumps for a backtest: from files (with positions) or from YAML text fleetsim wrote itself. */

import { parse } from 'yaml';
import { rec, str } from '../cloud/manifest-kinds.js';
import { ObjectIndex, readManifestFiles, type ManifestObject } from '../scenario/manifests/objects.js';
import type { ScenarioIssue } from '../scenario/issues.js';

export function readDumps(paths: readonly string[]): { ok: true; index: ObjectIndex; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[] } {
  const read = readManifestFiles(paths, { lookup: () => undefined });
  if (read.errors.length > 0) return { ok: false, errors: read.errors };
  return { ok: true, index: new ObjectIndex(read.objects), warnings: read.warnings };
}

/** Objects of `kind: List` texts (fleetsim's own `--format capi` output), positions unknown. */
export function indexOfTexts(texts: readonly string[], file: string): ObjectIndex {
  const objects: ManifestObject[] = [];
  for (const text of texts) {
    for (const item of (rec(parse(text)).items as unknown[] | undefined) ?? []) {
      const body = rec(item);
      const metadata = rec(body.metadata);
      objects.push({
        apiVersion: str(body.apiVersion) ?? '', kind: str(body.kind) ?? '', name: str(metadata.name) ?? '',
        namespace: str(metadata.namespace) ?? 'default', body, file, locate: () => ({ line: 0, column: 0 }),
      });
    }
  }
  return new ObjectIndex(objects);
}
