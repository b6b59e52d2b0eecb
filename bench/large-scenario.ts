/**
 * A valid scenario of about `bytes` bytes, for load-time measurements (bench/load-bench.ts and the
 * linearity test): a third of it one mapping with many keys (`variables:`, where a quadratic
 * duplicate-key check shows), the rest explicit clusters that each merge the first one with
 * `<<: *first` (where quadratic alias resolution shows).
 */
export function largeScenarioYaml(bytes: number): string {
  const parts: string[] = [
    'apiVersion: fleetsim/v1alpha1',
    'kind: Scenario',
    'name: large',
    'variables:',
  ];
  let size = parts.join('\n').length;
  const push = (line: string) => {
    parts.push(line);
    size += line.length + 1;
  };
  for (let i = 0; size < bytes / 3; i++) push(`  VARIABLE_${i}: value-${i}`);
  push('clusters:');
  push('  - &first { name: c-first, provider: docker, version: v1.34.3, controlPlane: { replicas: 1 } }');
  for (let i = 0; size < bytes; i++) {
    push(`  - <<: *first`);
    push(`    name: c-${i}`);
    push(`    labels: { env: prod, team: t${i % 17} }`);
    push(`    workers: [{ name: md-0, replicas: 1 }]`);
  }
  return `${parts.join('\n')}\n`;
}
