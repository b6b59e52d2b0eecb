import type { RetryPolicy, RetrySettings } from './retry-policy.js';
import { AwsStandardRetry } from './aws-standard.js';
import { AzcoreRetry } from './azcore.js';
import { GaxRetry } from './gax.js';

export type { RetryPolicy, RetrySettings, RetryPolicyName } from './retry-policy.js';
export { AwsStandardRetry, AWS_RETRY_QUOTA, AWS_RETRY_COST, AWS_TIMEOUT_RETRY_COST } from './aws-standard.js';
export { AzcoreRetry } from './azcore.js';
export { GaxRetry } from './gax.js';

/** A fresh policy (with its own state) for one client. */
export function makeRetryPolicy(settings: RetrySettings): RetryPolicy {
  switch (settings.policy) {
    case 'aws-standard': return new AwsStandardRetry(settings);
    case 'azcore': return new AzcoreRetry(settings);
    case 'gax': return new GaxRetry(settings);
  }
}
