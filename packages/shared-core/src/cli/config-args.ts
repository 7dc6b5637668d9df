import type { ArgsDef } from 'citty';
import type { ConfigFields } from '../types.js';

/**
 * citty flag definitions for config fields that have a flag. Every flag is parsed as a string
 * (or a boolean where the field says so) and left undefined when absent, so the config
 * loader decides precedence (flag > env > .env > default) and validation in one place.
 */
export function configArgs(fields: ConfigFields): ArgsDef {
  const args: ArgsDef = {};
  for (const field of Object.values(fields)) {
    if (!field.flag) continue;
    const from = field.env ? ` [env ${field.env}]` : '';
    const description = `${field.description ?? ''}${from}`.trim();
    args[field.flag] = field.flagType === 'boolean'
      ? { type: 'boolean', description }
      : { type: 'string', description, valueHint: field.valueHint ?? 'value' };
  }
  return args;
}

/** The parsed flags of the fields, keyed by flag name, for `loadConfig({ flags })`. */
export function flagValues(fields: ConfigFields, parsed: Record<string, unknown>): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const field of Object.values(fields)) {
    if (field.flag && parsed[field.flag] !== undefined) flags[field.flag] = parsed[field.flag];
  }
  return flags;
}
