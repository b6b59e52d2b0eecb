import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { runCli } from '../e2e/helpers.js';
import { scenarioFile, smallFleet } from './helpers.js';

function documents(text: string): Array<Record<string, unknown>> {
  return parseAllDocuments(text).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Record<string, unknown>;
  });
}

describe('fleetsim k8s-job', () => {
  it('prints an Indexed batch/v1 Job that validates against the Kubernetes schema, with its ConfigMap and claim', async () => {
    const file = scenarioFile(smallFleet({ name: 'edge-fleet' }));
    const result = await runCli(['k8s-job', file, '--seeds', '100000', '--parallelism', '50', '--image', 'registry.example/fleetsim:0.1.0', '--set', "operations[0].upgrade.waves.size=1,2"]);
    expect(result.code, result.err).toBe(0);
    const docs = documents(result.out);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'Job']);
    const job = new Job(docs[2] as never);
    job.validate(); // throws on anything the batch/v1 schema rejects
    expect(job.spec?.completionMode).toBe('Indexed');
    expect(job.spec?.completions).toBe(50);
    expect(job.spec?.parallelism).toBe(50);
    expect(job.spec?.template.spec?.restartPolicy).toBe('Never');
    new ConfigMap(docs[0] as never).validate();
    new PersistentVolumeClaim(docs[1] as never).validate();
    expect((docs[0] as { data: Record<string, string> }).data['scenario.yaml']).toContain('name: edge-fleet');
    expect(result.out).toMatch(/kubectl wait --for=condition=complete --timeout=24h job\/fleetsim-edge-fleet-sweep/);
  });

  it('gives each pod index its own shard and output directory, with arguments quoted for the shell', async () => {
    const file = scenarioFile(smallFleet());
    const result = await runCli(['k8s-job', file, '--seeds', '17,42,100-199', '--parallelism', '4', '--completions', '10', '--image', 'img', '--set', "clusters[*].labels={ team: it's-ours }"]);
    expect(result.code, result.err).toBe(0);
    const job = new Job(documents(result.out).find((d) => d.kind === 'Job') as never);
    job.validate();
    expect(job.spec?.completions).toBe(10);
    expect(job.spec?.parallelism).toBe(4);
    const command = job.spec?.template.spec?.containers[0]?.command as string[];
    expect(command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    // Run the script as the pod with index 9 would, printing the words instead of running fleetsim.
    const script = (command[2] as string).replace(/^exec fleetsim /, "printf '%s\\n' ");
    const run = spawnSync('/bin/sh', ['-c', script], { env: { JOB_COMPLETION_INDEX: '9' }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'sweep', '/scenario/scenario.yaml', '--seeds', '17,42,100-199', '--set', "clusters[*].labels={ team: it's-ours }", '--workers', '1', '--quiet',
      '--shard', '10/10', '--out', '/results/small-fleet/shard-10-of-10',
    ]);
  });

  it('prints the merge Job with --merge', async () => {
    const file = scenarioFile(smallFleet());
    const result = await runCli(['k8s-job', file, '--seeds', '1000', '--parallelism', '8', '--image', 'img', '--merge', '--namespace', 'sims', '--no-create-claim']);
    expect(result.code, result.err).toBe(0);
    const docs = documents(result.out);
    expect(docs).toHaveLength(1);
    const job = new Job(docs[0] as never);
    job.validate();
    expect(job.metadata?.namespace).toBe('sims');
    expect(job.spec?.completionMode).toBeUndefined();
    expect(job.spec?.template.spec?.containers[0]?.args).toEqual(['merge', '/results/small-fleet', '--out', '/results/small-fleet/merged', '--quiet']);
  });

  it('refuses what cannot run, with exit 2', async () => {
    const file = scenarioFile(smallFleet());
    for (const args of [
      ['--parallelism', '8', '--completions', '4'],
      ['--parallelism', '0'],
      ['--seeds', '5', '--parallelism', '6'],
      ['--memory', 'lots'],
      ['--set', 'operations[0].upgrade.waves.size=zero'],
    ]) {
      const result = await runCli(['k8s-job', file, '--image', 'img', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.out).toBe('');
    }
  });
});
