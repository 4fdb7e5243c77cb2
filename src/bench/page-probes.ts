/**
 * Browser-side probes of the HTML report, as expression strings for `page.evaluate` (the project's
 * TypeScript has no DOM types). Each resolves after the next painted frame, as a user would see it.
 */
export const PROBES = {
  ready: 'window.__sg !== undefined && window.__sg.ready === true',
  timings: `(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcpMs: fcp ? fcp.startTime : -1, readyMs: window.__sg.readyAt };
  })()`,
  shown: 'window.__sg.shown',
  lastFilterMs: 'window.__sg.lastFilterMs',
  /** Sets a filter <select> and resolves with the milliseconds until the next frame. */
  select: (id: string, value: string): string => `new Promise((done) => {
    const select = document.getElementById(${JSON.stringify(id)});
    const start = performance.now();
    select.value = ${JSON.stringify(value)};
    select.dispatchEvent(new Event('change'));
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
  })`,
  /** Types into the (debounced) search box; resolves with the filter's own time once it ran. */
  search: (text: string): string => `new Promise((done) => {
    const input = document.getElementById('f-text');
    input.value = ${JSON.stringify(text)};
    input.dispatchEvent(new Event('input'));
    setTimeout(() => requestAnimationFrame(() => setTimeout(() => done(window.__sg.lastFilterMs), 0)), 250);
  })`,
  /** Clicks a column header; resolves with the milliseconds until the next frame. */
  sort: (key: string): string => `new Promise((done) => {
    const head = document.querySelector('[data-sort=' + ${JSON.stringify(JSON.stringify(key))} + ']');
    const start = performance.now();
    head.click();
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
  })`,
};
