/**
 * Kubernetes versions `vMAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` ("v" optional, as
 * `semver.ParseTolerant` reads them), ordered as cluster-api@v1.13.5 util/version/version.go
 * `Compare` does without options: semver precedence, a pre-release before its release, build
 * metadata ignored. The one comparison of versions in fleetsim: CAPI's controllers, the loader and
 * the reports all use it.
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers (`rc.1` → ['rc', '1']); empty for a release. */
  pre: readonly string[];
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(version: string): SemVer {
  const match = SEMVER.exec(version);
  if (!match) throw new Error(`not a Kubernetes version: "${version}"`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), pre: match[4] === undefined ? [] : match[4].split('.') };
}

/** Semver 2.0.0 §11: numeric identifiers numerically and below alphanumeric ones, which compare in ASCII order; a longer list wins a tie. */
function comparePreRelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) return Number(x) - Number(y);
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`; throws on a string that is not a version. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || comparePreRelease(x.pre, y.pre);
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
