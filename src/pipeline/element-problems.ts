/**
 * Schema checks of one element of a large document (a resource, a finding) against the published schema,
 * without compiling another validator: the element is validated inside a minimal document that is valid on
 * its own (a "shell"), with the document's own precompiled validator. Both schemas constrain their large
 * array element by element (no uniqueness, no length), so an element valid here is valid in any document.
 */
export function elementProblems(
  validate: (value: unknown) => string[],
  shell: Record<string, unknown>,
  arrayKey: string,
): (element: unknown, index: number) => string[] {
  let checked = false;
  const prefix = `/${arrayKey}/0`;
  return (element, index) => {
    if (!checked) {
      const problems = validate({ ...shell, [arrayKey]: [] });
      if (problems.length > 0) throw new Error(`the ${arrayKey} shell no longer fits the schema: ${problems.join('; ')}`);
      checked = true;
    }
    return validate({ ...shell, [arrayKey]: [element] }).map((problem) =>
      problem.startsWith(prefix) && (problem[prefix.length] === '/' || problem[prefix.length] === ':') ? `/${arrayKey}/${index}${problem.slice(prefix.length)}` : problem,
    );
  };
}
