/**
 * Command-line flags declared once, as a table: each entry holds the flag's syntax, help, parser (which also
 * validates), default and environment variable. Commander's options, the flags' TypeScript type and the
 * defaults tests spread are all derived from it, so adding a flag is one entry.
 */
import { Option, type Command } from 'commander';

export interface OptionSpec {
  /** Commander's syntax, e.g. `-r, --region <region>`; without `<value>` the flag is a switch. */
  readonly flags: string;
  readonly help: string;
  /**
   * Turns the text into the value, throwing InvalidArgumentError (or UsageError) on a bad one: exit 2,
   * before any work. A repeated flag gets the previous value. Without a parser the value is the text.
   */
  readonly parse?: (value: string, previous: never) => unknown;
  /** The value when the flag is absent (not parsed); absent here means the flag is optional. */
  readonly default?: unknown;
  /** What the help shows instead of the default value. */
  readonly defaultHelp?: string;
  /** The allowed values, listed in the help (the parser does the matching). */
  readonly choices?: readonly string[];
  /** An environment variable that supplies the value when the flag is absent. */
  readonly env?: string;
}

/** Flags by the name commander gives their value (`--role-name` → `roleName`). */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { parse: (...args: never[]) => infer V }
  ? V
  : S['flags'] extends `${string}<${string}>${string}`
    ? string
    : boolean;

type WithDefault<T extends OptionTable> = { [K in keyof T]: T[K] extends { default: unknown } ? K : never }[keyof T];

/** The parsed flags of a table: flags with a default are always set, the others may be absent. */
export type FlagsOf<T extends OptionTable> = { -readonly [K in WithDefault<T>]: ValueOf<T[K]> } & {
  -readonly [K in Exclude<keyof T, WithDefault<T>>]?: ValueOf<T[K]>;
};

/** The values of a table's flags when none is given. */
export function defaultsOf<T extends OptionTable>(table: T): Pick<FlagsOf<T>, WithDefault<T>> {
  return Object.fromEntries(Object.entries(table).flatMap(([name, spec]) => ('default' in spec ? [[name, spec.default]] : []))) as Pick<
    FlagsOf<T>,
    WithDefault<T>
  >;
}

/** The commander option of one entry. */
export function optionOf(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.help);
  if (spec.choices) option.choices(spec.choices);
  if (spec.parse) option.argParser(spec.parse as (value: string, previous: unknown) => unknown);
  if ('default' in spec) option.default(spec.default, spec.defaultHelp);
  if (spec.env) option.env(spec.env);
  return option;
}

/** Adds a table's flags to a command, in the table's order (the order the help lists them). */
export function addOptions(command: Command, table: OptionTable): Command {
  for (const spec of Object.values(table)) command.addOption(optionOf(spec));
  return command;
}
