/** The README's `fleetsim/testing` example, run as a user would write it (through the package name). */

import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fleet, faults, invariants, checkScenario } from 'fleetsim/testing';

const base = readFileSync('scenarios/mhc-remediation.yaml', 'utf8');
it('our cluster survives node failures and zone outages', () => {
  // Control-plane nodes fail only in ways they recover from: crashing two of three loses etcd
  // quorum, which CAPI cannot repair by itself (and the invariants say so).
  const schedule = faults.schedule({ kinds: ['nodeFailures', 'zoneOutage'], max: 2, nodes: { maxCount: 2, controlPlaneModes: ['kernelPanic', 'notReady'] } });
  checkScenario(fleet.scenario(base, { faults: schedule }), invariants.all({ expectations: false }), { numRuns: 10, seed: 42 });
}, 120_000);
