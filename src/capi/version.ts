/** Kubernetes versions `vMAJOR.MINOR.PATCH`, compared numerically. */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(version: string): SemVer {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a Kubernetes version: "${version}"`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

export function minorOf(version: string): number {
  return parseVersion(version).minor;
}

/** The lowest of some versions, or undefined for none. */
export function lowestVersion(versions: Iterable<string>): string | undefined {
  let lowest: string | undefined;
  for (const version of versions) if (lowest === undefined || compareVersions(version, lowest) < 0) lowest = version;
  return lowest;
}

/**
 * The next control-plane step from `current` towards `target`: at most one minor at a time (EKS,
 * AKS and Kubernetes' skew policy; CAPI topology plans one minor per step,
 * cluster-api@v1.13.5 exp/topology/desiredstate/upgrade_plan.go `GetUpgradePlanOneMinor`).
 * Intermediate steps land on patch 0 of the next minor.
 */
export function nextUpgradeStep(current: string, target: string): string {
  const from = parseVersion(current);
  const to = parseVersion(target);
  if (from.major !== to.major || to.minor - from.minor <= 1) return target;
  return `v${from.major}.${from.minor + 1}.0`;
}
