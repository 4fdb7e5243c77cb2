/** Types of scripts/action-run.mjs (the GitHub Action's run step), for the tests that call it. */
export declare function splitArgs(text: string): string[];
export declare function commandLine(env: Record<string, string | undefined>): string[];
export declare function run(env?: Record<string, string | undefined>, log?: (line: string) => void): number;
