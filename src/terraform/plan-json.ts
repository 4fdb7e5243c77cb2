/**
 * The subset of `terraform show -json` output squadguard reads (HashiCorp's "JSON Output Format", format
 * versions 0.1–1.x). Everything is optional and checked where it is read: the file is hostile input.
 */

export interface ExpressionJson {
  constant_value?: unknown;
  references?: string[];
}

/** A block's expressions: attribute → expression, nested block → array of block expressions. */
export type BlockExpressions = Record<string, ExpressionJson | BlockExpressions[]>;

export interface ConfigResourceJson {
  address: string;
  mode?: 'managed' | 'data';
  type: string;
  name: string;
  provider_config_key?: string;
  expressions?: BlockExpressions;
  count_expression?: ExpressionJson;
  for_each_expression?: ExpressionJson;
}

export interface ConfigModuleJson {
  resources?: ConfigResourceJson[];
  module_calls?: Record<string, ModuleCallJson>;
  outputs?: Record<string, { expression?: ExpressionJson }>;
  variables?: Record<string, { default?: unknown }>;
}

export interface ModuleCallJson {
  source?: string;
  expressions?: Record<string, ExpressionJson>;
  count_expression?: ExpressionJson;
  for_each_expression?: ExpressionJson;
  module?: ConfigModuleJson;
}

export interface ProviderConfigJson {
  name?: string;
  module_address?: string;
  alias?: string;
  expressions?: Record<string, ExpressionJson | BlockExpressions[]>;
}

export interface ResourceChangeJson {
  address: string;
  module_address?: string;
  mode?: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  index_unknown?: boolean;
  deposed?: string;
  provider_name?: string;
  action_reason?: string;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
  };
}

export interface StateResourceJson {
  address: string;
  mode?: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  values?: Record<string, unknown>;
}

export interface StateModuleJson {
  address?: string;
  resources?: StateResourceJson[];
  child_modules?: StateModuleJson[];
}

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  variables?: Record<string, { value?: unknown }>;
  resource_changes?: ResourceChangeJson[];
  deferred_changes?: unknown[];
  prior_state?: { values?: { root_module?: StateModuleJson } };
  configuration?: {
    provider_config?: Record<string, ProviderConfigJson>;
    root_module?: ConfigModuleJson;
  };
  complete?: boolean;
  errored?: boolean;
}
