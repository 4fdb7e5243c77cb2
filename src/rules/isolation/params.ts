import { ISOLATION_DEFAULTS, ISOLATION_PARAM_SCHEMA } from '../../analysis/isolation.js';

/** The param schema and defaults every isolation rule shares (platform accounts, partners). */
export const isolationParams = { type: 'object', additionalProperties: false, properties: { ...ISOLATION_PARAM_SCHEMA } };
export const isolationDefaults = ISOLATION_DEFAULTS;

export const ISOLATION_DOCS = ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid'];
