/**
 * metav1.LabelSelector matching (apimachinery `LabelSelectorAsSelector`): every matchLabels pair
 * and every expression must hold; an empty selector matches everything.
 */

import type { LabelSelector } from './types.js';

export function emptySelector(): LabelSelector {
  return { matchLabels: {}, matchExpressions: [] };
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(selector.matchLabels)) if (labels[key] !== selector.matchLabels[key]) return false;
  for (const expression of selector.matchExpressions) {
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      case 'In':
        if (value === undefined || !(expression.values ?? []).includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && (expression.values ?? []).includes(value)) return false;
        break;
    }
  }
  return true;
}
