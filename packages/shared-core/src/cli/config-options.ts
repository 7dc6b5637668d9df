import { type Command, Option } from 'commander';
import type { ConfigField, ConfigFields } from '../types.js';

/** One-letter aliases of a command's flags, by field key: `{ dataDir: 'd' }` gives `-d, --data-dir`. */
export type ShortFlags<F extends ConfigFields> = Partial<Record<keyof F & string, string>>;

export interface ConfigOptionsSettings<F extends ConfigFields> {
  short?: ShortFlags<F>;
  /** Heading of these options in `--help`, e.g. `Google Cloud options:`. Default `Options:`. */
  group?: string;
}

/**
 * The commander option of a config field, documented from the field: its description, `(choices: ...)`,
 * `(default: ...)` from the schema's default, and `(env: NAME)`.
 *
 * Commander only parses. It also reads the environment and fills in defaults, but those values are
 * ignored ({@link givenFlags} passes on what came from the command line alone), and choices are
 * shown, not enforced: the config loader applies flags > env > `.env` > defaults and validates every
 * value with the field's schema, so all bad values are listed together and `.env` counts the same.
 */
export function configOption(field: ConfigField & { flag: string }, short?: string): Option {
  const names = short ? `-${short}, --${field.flag}` : `--${field.flag}`;
  const option = new Option(field.flagType === 'boolean' ? names : `${names} <${field.valueHint ?? 'value'}>`, field.description);
  if (field.choices) option.choices(field.choices).argParser(asGiven);
  const fallback = schemaDefault(field);
  if (fallback !== undefined) option.default(fallback.value, fallback.text);
  else if (field.defaultHelp) option.default(field.defaultHelp, field.defaultHelp);
  if (field.env) option.env(field.env);
  return option;
}

/** Adds an option per field that has a flag, in the fields' order. */
export function addConfigOptions<F extends ConfigFields>(command: Command, fields: F, settings: ConfigOptionsSettings<F> = {}): Command {
  for (const [key, field] of Object.entries(fields)) {
    if (field.flag === undefined) continue;
    const option = configOption({ ...field, flag: field.flag }, settings.short?.[key as keyof F & string]);
    if (settings.group) option.helpGroup(settings.group);
    command.addOption(option);
  }
  return command;
}

/**
 * The flags given on the command line, by flag name (`data-dir`), for `resolveConfig({ flags })`.
 * Values commander took from the environment or a default are left out: they are the loader's to pick.
 */
export function givenFlags(command: Command): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) === 'cli') flags[option.name()] = command.getOptionValue(key) as unknown;
  }
  return flags;
}

const asGiven = (value: string): string => value;

/** The schema's default, and how help shows it: as the flag would be written (`60`, `"./data"`, `"products,users"`). */
function schemaDefault(field: ConfigField): { value: unknown; text: string } | undefined {
  const parsed = field.schema.safeParse(undefined);
  if (!parsed.success) return undefined;
  const value: unknown = parsed.data;
  if (value === undefined || typeof value === 'boolean') return undefined; // a flag's absence says it all
  if (typeof value === 'number') return { value, text: String(value) };
  return { value, text: JSON.stringify(Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value)) };
}
