/**
 * clusterctl-style variable substitution in manifest text (clusterctl processes templates with
 * drone/envsubst): `${VAR}`, `${VAR:=default}` / `${VAR:-default}` (default when unset or empty),
 * `${VAR=default}` / `${VAR-default}` (default when unset), and `$$` for a literal `$`. Like clusterctl
 * it works on the text, comments included, before the YAML is read.
 */

export interface MissingVariable {
  name: string;
  /** Offset of the `${` in the original text. */
  offset: number;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g;

export function substituteVariables(text: string, lookup: (name: string) => string | undefined): { text: string; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const out = text.replace(REFERENCE, (match: string, name: string | undefined, operator: string | undefined, fallback: string | undefined, offset: number) => {
    if (match === '$$') return '$';
    const value = lookup(name!);
    if (operator === undefined) {
      if (value === undefined) {
        missing.push({ name: name!, offset });
        return match;
      }
      return value;
    }
    const useDefault = operator.startsWith(':') ? value === undefined || value === '' : value === undefined;
    return useDefault ? (fallback ?? '') : value!;
  });
  return { text: out, missing };
}
