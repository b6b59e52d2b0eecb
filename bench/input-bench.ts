/**
 * Wall-clock figures the test suite used to assert and now only measures here (a test's verdict
 * must not depend on the machine's speed): expanding a 20,000-cluster generator, refusing a YAML
 * alias bomb, rendering report.html for 500 clusters.
 */

import { loadScenarioText } from '../src/scenario/index.js';
import { renderHtmlReport } from '../src/report/html/index.js';
import { syntheticRun } from '../test/report/synthetic-run.js';

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const HEADER = 'apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: bench-input\n';

export async function inputBench(): Promise<Array<{ what: string; seconds: number; target: number }>> {
  const rows: Array<{ what: string; seconds: number; target: number }> = [];
  let start = process.hrtime.bigint();
  const generated = loadScenarioText(`${HEADER}clusters:\n  - generate: { count: 20000, name: "c-{provider}-{index}", spread: { provider: [aws, azure, gcp] }, template: { version: v1.34.3, workers: [{ name: w, replicas: 5 }] } }\n`, 'bench.yaml');
  if (!generated.ok) throw new Error('the 20,000-cluster generator does not load');
  rows.push({ what: 'load and expand 20,000 generated clusters', seconds: seconds(start), target: 1 });

  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
  }
  start = process.hrtime.bigint();
  const bomb = loadScenarioText(`${HEADER}sweep:\n  set:\n${levels.map((l) => `    ${l}`).join('\n')}\nclusters:\n  - { name: a, provider: docker, version: v1.34.3 }\n`, 'bomb.yaml');
  if (bomb.ok) throw new Error('the alias bomb was accepted');
  rows.push({ what: 'refuse a billion-laughs alias bomb', seconds: seconds(start), target: 1 });

  const many = Array.from({ length: 100_001 }, (_, i) => `  - { name: c-${i}, provider: docker, version: v1.34.3 }`).join('\n');
  start = process.hrtime.bigint();
  const refused = loadScenarioText(`${HEADER}clusters:\n${many}\n`, 'many.yaml');
  if (refused.ok) throw new Error('100,001 clusters were accepted');
  rows.push({ what: 'refuse 100,001 clusters written out one by one (5.6 MB, counted on the text)', seconds: seconds(start), target: 1 });

  const input = syntheticRun({ clusters: 500, workers: 20, waveSize: 50 });
  start = process.hrtime.bigint();
  await renderHtmlReport(input);
  rows.push({ what: 'render report.html for 500 synthetic clusters', seconds: seconds(start), target: 10 });
  return rows;
}
