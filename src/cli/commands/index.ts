/** The sweep family of commands (and optimize, built on it); importing this module registers them with the CLI (src/cli/main.ts). */

import { extraCommands } from '../registry.js';
import { registerCompare } from './compare.js';
import { registerK8sJob } from './k8s-job.js';
import { registerMerge } from './merge.js';
import { registerOptimize } from './optimize.js';
import { registerSweep } from './sweep.js';

extraCommands.push(registerSweep, registerCompare, registerMerge, registerK8sJob, registerOptimize);

export { registerCompare, registerK8sJob, registerMerge, registerOptimize, registerSweep };
