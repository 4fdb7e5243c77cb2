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
  /** The command cannot run without it (commander says so, exit 2). */
  readonly mandatory?: true;
}

/** Flags by the name commander gives their value (`--role-name` → `roleName`). */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { parse: (...args: never[]) => infer V }
  ? V
  : S['flags'] extends `${string}<${string}>${string}`
    ? string
    : boolean;

type AlwaysSet<T extends OptionTable> = { [K in keyof T]: T[K] extends { default: unknown } | { mandatory: true } ? K : never }[keyof T];

/** The parsed flags of a table: flags with a default (or mandatory) are always set, the others may be absent. */
export type FlagsOf<T extends OptionTable> = { -readonly [K in AlwaysSet<T>]: ValueOf<T[K]> } & {
  -readonly [K in Exclude<keyof T, AlwaysSet<T>>]?: ValueOf<T[K]>;
};

type Defaults<T extends OptionTable> = { -readonly [K in keyof T as T[K] extends { default: unknown } ? K : never]: ValueOf<T[K]> };

/** The values of a table's flags when none is given. */
export function defaultsOf<T extends OptionTable>(table: T): Defaults<T> {
  return Object.fromEntries(Object.entries(table).flatMap(([name, spec]) => ('default' in spec ? [[name, spec.default]] : []))) as Defaults<T>;
}

/** The commander option of one entry. */
export function optionOf(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.help);
  if (spec.choices) option.choices(spec.choices);
  if (spec.parse) option.argParser(spec.parse as (value: string, previous: unknown) => unknown);
  if ('default' in spec) option.default(spec.default, spec.defaultHelp);
  if (spec.env) option.env(spec.env);
  if (spec.mandatory) option.makeOptionMandatory();
  return option;
}

/**
 * Adds a table's flags to a command, in the table's order (the order the help lists them). A key that is
 * not the name commander reads the flag into would leave the typed flag unset: it fails at start-up.
 */
export function addOptions(command: Command, table: OptionTable): Command {
  for (const [name, spec] of Object.entries(table)) {
    const option = optionOf(spec);
    if (option.attributeName() !== name) throw new Error(`option table: ${spec.flags} is read as ${option.attributeName()}, not ${name}`);
    command.addOption(option);
  }
  return command;
}
