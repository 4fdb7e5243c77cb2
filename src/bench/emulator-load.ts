/**
 * How busy the scan kept the emulator over its window (first arrival to last answer at the proxy): the share
 * of the window with at least one request at the emulator, and the mean number of requests there per tenth
 * of the window. Idle stretches are time the scan spent waiting on itself (a serial chain, a start-up), not
 * on the emulator: they are what keeps the throughput fraction below 1.
 */
export interface EmulatorLoad {
  busyFraction: number;
  /** Mean requests at the emulator in each tenth of the scan's window. */
  inFlightByTenth: number[];
}

export function emulatorLoad(
  spans: ReadonlyArray<readonly [number, number]>,
  windowStart: number,
  windowEnd: number,
): EmulatorLoad | null {
  const window = windowEnd - windowStart;
  if (window <= 0 || spans.length === 0) return null;
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let coveredTo = windowStart;
  for (const [start, end] of sorted) {
    const from = Math.max(start, coveredTo);
    const to = Math.min(end, windowEnd);
    if (to > from) busy += to - from;
    coveredTo = Math.max(coveredTo, end);
  }
  const tenth = window / 10;
  const inFlight = Array.from({ length: 10 }, (_, index) => {
    const sliceStart = windowStart + index * tenth;
    const sliceEnd = sliceStart + tenth;
    let time = 0;
    for (const [start, end] of sorted)
      time += Math.max(0, Math.min(end, sliceEnd) - Math.max(start, sliceStart));
    return Number((time / tenth).toFixed(1));
  });
  return { busyFraction: Number((busy / window).toFixed(2)), inFlightByTenth: inFlight };
}
