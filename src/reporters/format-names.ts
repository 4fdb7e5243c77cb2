/**
 * The `--format` names, in the order of `formats` (reporters/index.ts; a test keeps the two equal): known
 * without loading the renderers, so commands that only parse the flag do not load the HTML report's code.
 */
export const FORMAT_NAMES: readonly string[] = ['json', 'html', 'sarif', 'junit', 'markdown', 'csv', 'ocsf', 'console'];
