/**
 * The node-group contract CAPI's MachinePool side drives. It is defined with the clouds that
 * implement it (src/cloud/node-pools/node-pool.ts), one layer below CAPI.
 */

export type { NodePoolSpec, NodePoolInstance, NodePoolObservation, NodePoolHost, NodePoolProvider } from '../../cloud/node-pools/node-pool.js';
