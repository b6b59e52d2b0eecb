/**
 * `fleetsim schema --defaults`: every default, the clouds' models included, with a source a user can
 * open: a section of the research notes shipped in docs/sources/, or a named upstream file.
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { defaultsTable } from '../../src/scenario/index.js';
import { cloudDefaultRows, distributionText, MODELLED_CLOUDS } from '../../src/scenario/cloud-defaults.js';
import { CLOUD_DEFAULT_SOURCES, cloudDefaultSource } from '../../src/scenario/cloud-default-sources.js';
import { CAPG_OPERATION_POLL, CAPZ_POLL_TIMING, DEFAULT_CATALOGS, describeLimit } from '../../src/cloud/index.js';
import { formatDuration } from '../../src/engine/duration.js';
import { runCli } from '../e2e/helpers.js';

/** Section numbers (`1.4`, `8`) of a shipped research note, from its headings. */
function sections(file: string): Set<string> {
  const text = readFileSync(`docs/sources/${file}.md`, 'utf8');
  return new Set([...text.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.?\s/gm)].map((m) => m[1] as string));
}

describe('the defaults table', () => {
  it('lists the clouds\' buckets, latencies, boot and join times, retries and poll intervals with the values a run uses', () => {
    const rows = new Map(defaultsTable().map((row) => [row.path, row]));
    expect(MODELLED_CLOUDS).toEqual(['aws', 'azure', 'gcp']);
    for (const cloud of MODELLED_CLOUDS) {
      const catalog = DEFAULT_CATALOGS[cloud];
      for (const [name, spec] of Object.entries(catalog.limits)) expect(rows.get(`clouds.${cloud}.api.${name}`)?.default).toContain(describeLimit(spec));
      for (const [name, action] of Object.entries(catalog.actions)) expect(rows.get(`clouds.${cloud}.apiLatency.${name}`)?.default).toContain(distributionText(action.latency));
      expect(rows.get(`clouds.${cloud}.instanceBoot`)?.default).toBe(distributionText(catalog.timings.instanceBoot));
      expect(rows.get(`clouds.${cloud}.kubeletJoin`)?.default).toBe(distributionText(catalog.timings.kubeletJoin));
      expect(rows.get(`clouds.${cloud}.retry`)?.default).toContain(`${catalog.retry.maxAttempts} attempt`);
    }
    expect(rows.get('azure: CAPZ polls a VM operation')?.default).toBe(`every ${formatDuration(CAPZ_POLL_TIMING.pollFrequency)} for ${formatDuration(CAPZ_POLL_TIMING.callTimeout)}, then requeues after ${formatDuration(CAPZ_POLL_TIMING.requeue)}`);
    expect(rows.get('gcp: CAPG polls a Compute operation')?.default).toBe(`at least ${formatDuration(CAPG_OPERATION_POLL)} apart`);
  });

  it('gives every cloud default a recorded source, and records no source for a default that is gone', () => {
    const rows = cloudDefaultRows();
    for (const row of rows) expect(cloudDefaultSource(row.cloud, row.key), `${row.cloud} ${row.key}`).toBeDefined();
    for (const cloud of MODELLED_CLOUDS) {
      for (const [pattern, source] of CLOUD_DEFAULT_SOURCES[cloud]) {
        expect(rows.some((row) => row.cloud === cloud && pattern.test(row.key)), `${cloud} ${pattern}: ${source}`).toBe(true);
      }
    }
  });

  it('cites only sections that exist in the research notes shipped in docs/sources/', () => {
    const notes = { 'capi-semantics': sections('capi-semantics'), 'cloud-facts': sections('cloud-facts') };
    let cited = 0;
    for (const row of defaultsTable()) {
      for (const match of row.source.matchAll(/(capi-semantics|cloud-facts)(?:\.md)? (§[\d.]+(?:(?:, | and )§?[\d.]+)*)/g)) {
        for (const section of (match[2] as string).split(/, | and /).map((s) => s.replace('§', ''))) {
          cited++;
          expect(notes[match[1] as keyof typeof notes].has(section), `${row.path}: ${match[1]} §${section}`).toBe(true);
        }
      }
      expect(row.source, row.path).not.toMatch(/\.\.\/shared|\/work\//);
    }
    expect(cited).toBeGreaterThan(50);
  });

  it('fleetsim schema --defaults says where its sources are, then prints the table', async () => {
    const ran = await runCli(['schema', '--defaults']);
    expect(ran.code).toBe(0);
    expect(ran.out).toContain('docs/sources/capi-semantics.md and docs/sources/cloud-facts.md in this package');
    const table = ran.out.split('\n').filter((line) => line.startsWith('| '));
    // The header, the separator, then one line a default.
    expect(table.length).toBe(defaultsTable().length + 2);
    expect(ran.out).not.toMatch(/\.\.\/shared|\/work\//);
  });
});
