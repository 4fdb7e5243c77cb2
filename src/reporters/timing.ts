import type { ReportView } from '../model/report.js';

/** Seconds between two ISO times (0 when either is unreadable or they run backwards). */
export function secondsBetween(start: string, end: string): number {
  const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/**
 * When the data was collected and when this report was produced, kept apart: an inventory evaluated a week
 * after its collection shows both dates, never one span covering the week.
 */
export function timingParts(report: ReportView): { collected?: string; run: string } {
  const run = `report run ${report.startedAt} → ${report.finishedAt} (${duration(secondsBetween(report.startedAt, report.finishedAt))})`;
  const collection = report.collection;
  if (!collection) return { run };
  const collected = collection.finishedAt
    ? `inventory collected ${collection.startedAt} → ${collection.finishedAt} (${duration(secondsBetween(collection.startedAt, collection.finishedAt))})`
    : `inventory collected ${collection.startedAt}`;
  return { collected, run };
}

export function timingText(report: ReportView): string {
  const { collected, run } = timingParts(report);
  return collected ? `${collected} · ${run}` : run;
}
