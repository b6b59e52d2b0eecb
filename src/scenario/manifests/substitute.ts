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

/** The substituted text would pass `maxLength`: where it did, and the variable that took it there. */
export interface OversizedSubstitution {
  name: string;
  offset: number;
  length: number;
}

/**
 * Substitutes every reference; stops growing the text once it would pass `maxLength` (a large
 * variable used many times could otherwise build a string of gigabytes) and reports where.
 */
export function substituteVariables(text: string, lookup: (name: string) => string | undefined, maxLength = Number.POSITIVE_INFINITY): { text: string; missing: MissingVariable[]; oversized?: OversizedSubstitution } {
  const missing: MissingVariable[] = [];
  let oversized: OversizedSubstitution | undefined;
  let growth = 0;
  const out = text.replace(REFERENCE, (match: string, name: string | undefined, operator: string | undefined, fallback: string | undefined, offset: number) => {
    if (oversized !== undefined) return '';
    let replacement: string;
    if (match === '$$') replacement = '$';
    else {
      const value = lookup(name!);
      if (operator === undefined) {
        if (value === undefined) {
          missing.push({ name: name!, offset });
          return match;
        }
        replacement = value;
      } else {
        const useDefault = operator.startsWith(':') ? value === undefined || value === '' : value === undefined;
        replacement = useDefault ? (fallback ?? '') : value!;
      }
    }
    growth += replacement.length - match.length;
    if (text.length + growth > maxLength) {
      oversized = { name: name ?? '$$', offset, length: replacement.length };
      return '';
    }
    return replacement;
  });
  return oversized === undefined ? { text: out, missing } : { text: '', missing, oversized };
}

export interface TemplateVariable {
  name: string;
  /** The default the template gives (`${NAME:=default}`), when it gives one. */
  fallback?: string;
}

/** The variables a template uses, in the order of first use (what `clusterctl generate cluster --list-variables` lists). */
export function templateVariables(text: string): TemplateVariable[] {
  const seen = new Map<string, TemplateVariable>();
  for (const match of text.matchAll(REFERENCE)) {
    const name = match[1];
    if (name === undefined) continue;
    const known = seen.get(name) ?? { name };
    if (match[2] !== undefined && known.fallback === undefined) known.fallback = match[3] ?? '';
    seen.set(name, known);
  }
  return [...seen.values()];
}
