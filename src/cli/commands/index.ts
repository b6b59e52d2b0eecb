/** The sweep family of commands; importing this module registers them with the CLI (src/cli/main.ts). */

import { extraCommands } from '../registry.js';
import { registerCompare } from './compare.js';
import { registerK8sJob } from './k8s-job.js';
import { registerMerge } from './merge.js';
import { registerSweep } from './sweep.js';

extraCommands.push(registerSweep, registerCompare, registerMerge, registerK8sJob);

export { registerCompare, registerK8sJob, registerMerge, registerSweep };
