import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildVariants, type SweepPlan } from '../../src/sweep/variants.js';
import { parseSetArgument } from '../../src/sweep/overrides.js';
import { tempDir } from '../helpers/temp.js';

export const tmp = (): string => tempDir('fleetsim-sweep-');

/** A small docker fleet that settles in well under a second of wall time per run. */
export function smallFleet(options: { name?: string; count?: number; waves?: string; extra?: string } = {}): string {
  return `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: ${options.name ?? 'small-fleet'}
seed: 1
horizon: 2d
clusters:
  - generate:
      count: ${options.count ?? 4}
      name: "edge-{index}"
      template:
        provider: docker
        labels: { env: prod }
        version: v1.34.3
        controlPlane: { replicas: 1 }
        workers:
          - name: md-0
            kind: MachineDeployment
            replicas: 2
            strategy: { type: RollingUpdate, maxSurge: 1, maxUnavailable: 0 }
operations:
  - at: 10m
    upgrade:
      clusters: { matchLabels: { env: prod } }
      version: v1.35.0
      waves: ${options.waves ?? '{ size: 2, pauseBetween: 5m }'}
${options.extra ?? ''}`;
}

/** Writes scenario text to a fresh temporary file and returns its path. */
export function scenarioFile(text: string, name = 'scenario.yaml'): string {
  const path = join(tmp(), name);
  writeFileSync(path, text);
  return path;
}

/** A sweep plan from scenario text, with `--set` arguments. */
export function planOf(text: string, seeds: number[], sets: string[] = [], file = 'test.yaml'): SweepPlan {
  const parameters = sets.map(parseSetArgument);
  const variants = buildVariants(parse(text), file, parameters);
  if (!variants.ok) throw new Error(variants.errors.join('\n'));
  return { name: variants.variants[0]?.scenario.name ?? 'x', seeds, parameters: parameters.map((p) => ({ path: p.path, values: p.values })), variants: variants.variants };
}
