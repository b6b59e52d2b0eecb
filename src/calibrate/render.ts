/**
 * The calibration as a `clouds:` block to paste into a scenario (the shape of
 * src/cloud/overrides.ts `CloudOverrideSchema`: `clouds.<cloud>.instanceBoot` and `kubeletJoin` as
 * time distributions), with each distribution's sample size and Kolmogorov–Smirnov statistic, and
 * every finer group, unfitted group and unmeasured Machine as comments.
 */

import type { DistributionSpec } from '../engine/distribution.js';
import { formatDuration } from '../engine/duration.js';
import { STEP_FIELD, type CalibrationResult, type GroupFit } from './calibrate.js';

const d = (ms: number): string => formatDuration(Math.round(ms / 100) * 100);

export function specText(spec: DistributionSpec): string {
  if (spec.distribution === 'lognormal') return `{ distribution: lognormal, median: ${d(spec.median)}, p95: ${d(spec.p95)} }`;
  if (spec.distribution === 'empirical') return `{ distribution: empirical, percentiles: { ${Object.entries(spec.percentiles).map(([p, v]) => `${p}: ${d(v)}`).join(', ')} } }`;
  return JSON.stringify(spec);
}

const figures = (g: GroupFit): string => (g.fit === undefined ? `n=${g.n}` : `median ${d(g.fit.median)}, p95 ${d(g.fit.p95)}, n=${g.n}, KS=${g.fit.ks.toFixed(3)}`);

export function renderCalibration(result: CalibrationResult, files: readonly string[]): string {
  const lines: string[] = [
    `# fleetsim calibrate: ${result.machines} Machines from ${files.join(', ')}`,
    '# Paste into a scenario (or merge into its clouds:). n = samples, KS = Kolmogorov-Smirnov D of the',
    '# sample against the distribution written (0 is a perfect fit; above ~0.15 the shape is doubtful).',
  ];
  const clouds = [...new Set(result.clouds.filter((g) => g.cloud !== 'unknown' && g.fit !== undefined && STEP_FIELD[g.step] !== undefined).map((g) => g.cloud))];
  if (clouds.length === 0) lines.push('# nothing could be fitted (see below): no clouds: block');
  else {
    lines.push('clouds:');
    for (const cloud of clouds) {
      lines.push(`  ${cloud}:`);
      for (const g of result.clouds.filter((x) => x.cloud === cloud && x.fit !== undefined)) {
        const field = STEP_FIELD[g.step];
        if (field !== undefined) lines.push(`    ${field}: ${specText(g.fit!.spec)}   # n=${g.n}, KS=${g.fit!.ks.toFixed(3)}`);
      }
    }
  }
  const drains = result.clouds.filter((g) => g.step === 'drain' && g.fit !== undefined);
  for (const g of drains) lines.push(`# drain on ${g.cloud}: ${figures(g)} (evictions follow the workloads, not the cloud: compare with the scenario's workloads:)`);
  const fine = result.groups.filter((g) => g.fit !== undefined);
  if (fine.length > 0) {
    lines.push('# per region and instance type:');
    for (const g of fine) lines.push(`#   ${g.cloud} ${g.region} ${g.instanceType} ${g.step}: ${figures(g)}`);
  }
  const unfitted = [...result.clouds, ...result.groups].filter((g) => g.fit === undefined);
  if (unfitted.length > 0) {
    lines.push('# not fitted:');
    for (const g of unfitted) lines.push(`#   ${g.cloud}${g.region === '*' ? '' : ` ${g.region} ${g.instanceType}`} ${g.step}: ${g.reason ?? ''}`);
  }
  if (result.unmeasured.length > 0) {
    lines.push('# not measured:');
    for (const u of result.unmeasured) lines.push(`#   ${u.step}: ${u.machines} Machine${u.machines === 1 ? '' : 's'}: ${u.reason} (e.g. ${u.example})`);
  }
  return `${lines.join('\n')}\n`;
}
