/**
 * The zod building blocks of the `fleetsim/v1alpha1` file format that every layer declaring its
 * part of the file uses (cloud overrides in cloud/, faults in faults/, clusters and the rest in
 * scenario/): durations and distributions parsed to ms, names, versions, int-or-percent, labels,
 * cluster selectors. Messages say what was expected and what was found.
 */

import { z } from 'zod';
import { parseDuration } from '../engine/duration.js';
import { distributionError, type DistributionSpec } from '../engine/distribution.js';
import { rfc1123Error, versionError, VERSION } from './names.js';
import { describeValue, whenPresent } from './wording.js';

/** A duration: `90s`, `5m`, `1h30m`, `2d`, `250ms` or integer milliseconds; parsed to ms. */
export const Duration = z
  .union([z.string(), z.number()], { error: whenPresent((input) => `expected a duration such as 90s, 5m or 1h30m (or integer milliseconds), found ${describeValue(input)}`) })
  .transform((value, ctx) => {
    const parsed = parseDuration(value);
    if (typeof parsed === 'number') return parsed;
    ctx.addIssue({ code: 'custom', message: parsed.error, input: value });
    return z.NEVER;
  })
  .meta({ description: 'A duration: 90s, 5m, 1h30m, 2d, 250ms, or integer milliseconds.' });

const RFC1123_PATTERN = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes object name (RFC 1123 label). */
export const Name = z
  .string({ error: whenPresent((input) => `expected a name (RFC 1123), found ${describeValue(input)}`) })
  .regex(RFC1123_PATTERN, { error: whenPresent((input) => rfc1123Error(String(input)) ?? 'invalid name' )})
  .meta({ description: 'An RFC 1123 name: lowercase letters, digits and "-", at most 63 characters.' });

export const Version = z
  .string({ error: whenPresent((input) => `expected a version such as v1.34.3, found ${describeValue(input)}`) })
  .regex(VERSION, { error: whenPresent((input) => versionError(String(input)) ?? 'invalid version' )})
  .meta({ description: 'A Kubernetes version vMAJOR.MINOR.PATCH, e.g. v1.34.3.' });

// intstr.GetScaledValueFromIntOrPercent parses the percent with Atoi: whole percents only (capi-semantics §0.1).
const PERCENT = /^\d+%$/;
const intOrPercentMessage = (input: unknown) =>
  typeof input === 'string' && /^\d+$/.test(input.trim())
    ? `expected an integer or a percent such as "25%", found the string "${input}" (a number string without % is an error in CAPI: write ${input} or "${input}%")`
    : `expected an integer ≥ 0 or a percent such as "25%", found ${describeValue(input)}`;

/** CAPI's int-or-percent: an integer ≥ 0 or "N%" (capi-semantics §0.1: a bare number string is an error). */
export const IntOrPercent = z
  .union([
    z.number().int({ error: whenPresent((input) => intOrPercentMessage(input) )}).min(0, { error: whenPresent((input) => intOrPercentMessage(input) )}),
    z.string().regex(PERCENT, { error: whenPresent((input) => intOrPercentMessage(input) )}),
  ], { error: whenPresent((input) => intOrPercentMessage(input) )})
  .transform((value) => value as number | `${number}%`) // the one IntOrPercent type (kube/intstr.ts resolves it)
  .meta({ description: 'An integer ≥ 0 or a percent string such as "25%".' });

/** An int (≥ 0) or a percent string such as "25%", kept as written: CAPI resolves it against a replica count at use time. */
export type IntOrPercent = z.output<typeof IntOrPercent>;

export const NonNegativeInt = z.number().int().min(0);
export const PositiveInt = z.number().int().min(1);
export const NonEmptyString = z.string().min(1);
export const Identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, { error: whenPresent((input) => `expected a name of letters, digits, ".", "_", ":", "/" or "-", found ${describeValue(input)}`) });
export const Zone = Identifier.meta({ description: 'A zone (failure domain), e.g. us-east-1a.' });
export const Labels = z.record(z.string().min(1), z.string({ error: whenPresent((input) => `expected a string (quote numbers and booleans), found ${describeValue(input)}`) }));

function distributionOptions<V extends z.ZodType>(value: V) {
  return [
    z.strictObject({ distribution: z.literal('constant'), value }),
    z.strictObject({ distribution: z.literal('uniform'), min: value, max: value }),
    z.strictObject({ distribution: z.literal('exponential'), mean: value }),
    z.strictObject({ distribution: z.literal('normal'), mean: value, stddev: value }),
    z.strictObject({ distribution: z.literal('lognormal'), median: value, p95: value }),
    z.strictObject({ distribution: z.literal('empirical'), percentiles: z.record(z.string().regex(/^p\d+(\.\d+)?$/, { error: whenPresent((input) => `expected a percentile key such as p50 or p99.9, found ${describeValue(input)}`) }), value) }),
  ] as const;
}

function checkedDistribution<V extends z.ZodType>(value: V) {
  return z.discriminatedUnion('distribution', distributionOptions(value)).superRefine((spec, ctx) => {
    const error = distributionError(spec as DistributionSpec);
    if (error !== undefined) ctx.addIssue({ code: 'custom', message: `invalid ${(spec as DistributionSpec).distribution} distribution: ${error}`, input: spec });
  }).transform((spec) => spec as DistributionSpec);
}

/** A distribution of durations; each parameter is a duration (`55s`) or ms, converted to ms. */
export const TimeDistribution = checkedDistribution(Duration).meta({
  description: 'A distribution of durations: { distribution: constant|uniform|exponential|normal|lognormal|empirical, ... } with durations (55s) or ms as parameters.',
});

/** A distribution of plain numbers (e.g. seconds). */
export const NumberDistribution = checkedDistribution(z.number().min(0));

// ---------------------------------------------------------------------------------------------
// Cluster selectors (operations and faults)

/** Picks clusters by name and/or labels (both given: a cluster must match both). */
export const ClusterSelectorSchema = z
  .strictObject({ names: z.array(Name).min(1).optional(), matchLabels: Labels.optional() })
  .superRefine((value, ctx) => {
    if (value.names === undefined && value.matchLabels === undefined) ctx.addIssue({ code: 'custom', message: 'expected names: [...] or matchLabels: {...} (matchLabels: {} selects every cluster)', input: value });
  });

export type ClusterSelector = z.output<typeof ClusterSelectorSchema>;
