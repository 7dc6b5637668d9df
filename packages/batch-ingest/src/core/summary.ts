import { ExitCode } from '@fakestore/shared-core';
import type { EntityOutcome, PushPendingReport, RunReport } from '../types.js';

/** 1 if an entity failed; else 3 if anything is left pending (this run's or earlier); else 0. Quarantined records alone are not a failure. */
export function runExitCode(outcomes: readonly EntityOutcome[], earlier?: PushPendingReport): number {
  if (outcomes.some((outcome) => outcome.status === 'failed')) return ExitCode.failure;
  const earlierLeft = earlier ? earlier.pending.length + earlier.broken.length : 0;
  if (earlierLeft > 0 || outcomes.some((outcome) => outcome.status === 'pending')) return ExitCode.degraded;
  return ExitCode.ok;
}

/** The fields of the `run summary` log line. */
export function summaryRecord(report: RunReport) {
  return {
    run_id: report.runId,
    mode: report.mode,
    exit_code: report.exitCode,
    duration_ms: report.durationMs,
    entities: report.outcomes.map((outcome) => ({
      entity: outcome.entity,
      status: outcome.status,
      fetched: outcome.fetched,
      valid: outcome.valid,
      quarantined: outcome.quarantined,
      duplicates: outcome.duplicates,
      bytes: outcome.bytes,
      duration_ms: outcome.durationMs,
      destinations: outcome.destinations,
      ...(outcome.error !== undefined && { error: outcome.error }),
    })),
    ...(report.earlier && {
      earlier_pending: { pushed: report.earlier.pushed.length, pending: report.earlier.pending.length, broken: report.earlier.broken.length },
    }),
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The summary for a terminal: a table of counts, then each entity's destinations. Given the lake's
 * folder, it is named once and the files under it are shown relative to it, so a line stays within
 * 100 columns instead of repeating a long absolute path per file.
 */
export function summaryTable(report: RunReport, lakeDir?: string): string {
  const header = ['ENTITY', 'STATUS', 'FETCHED', 'VALID', 'QUARANTINED', 'DUPLICATES', 'BYTES', 'DURATION'];
  const rows = report.outcomes.map((o) => {
    const landed = o.status !== 'failed';
    const count = (n: number) => (landed ? String(n) : '-');
    return [o.entity, o.status, count(o.fetched), count(o.valid), count(o.quarantined), count(o.duplicates), landed ? formatBytes(o.bytes) : '-', formatDuration(o.durationMs)];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  // Errors are not repeated here: they go to stderr, one line each (problemLines).
  const under = lakeDir === undefined ? undefined : `${lakeDir.replace(/\/+$/, '')}/`;
  const shown = (destination: string) => (under !== undefined && destination.startsWith(under) ? destination.slice(under.length) : destination);
  const destinations = report.outcomes.flatMap((o) => o.destinations.map((destination) => `  ${o.entity} -> ${shown(destination)}`));
  const inLake = under !== undefined && report.outcomes.some((o) => o.destinations.some((destination) => destination.startsWith(under)));
  const details = inLake ? [`  lake: ${lakeDir}`, ...destinations] : destinations;
  const title = `run ${report.runId} (${report.mode}) finished in ${formatDuration(report.durationMs)}, exit ${report.exitCode}`;
  return [title, '', line(header), ...rows.map(line), '', ...details, ''].join('\n');
}

/**
 * One-line warnings for stderr: duplicate ids. Not failures (the run still exits 0), but silent
 * they would not be: two records with one id mean the API served something odd.
 */
export function warningLines(report: RunReport): string[] {
  return report.outcomes
    .filter((o) => o.duplicates > 0)
    .map((o) => {
      const records = o.duplicates === 1 ? '1 record repeated the id' : `${o.duplicates} records repeated the ids`;
      return `${o.entity}: ${records} of an earlier record; the first record with each id was kept, the repeats quarantined with reason duplicate_id${o.rejectsFile ? ` in ${o.rejectsFile}` : ''}`;
    });
}

/** One-line problems for stderr: failed entities, and what is pending with how to push it. */
export function problemLines(report: RunReport, journalFile: string): string[] {
  const lines = report.outcomes.filter((o) => o.status === 'failed').map((o) => o.error ?? `${o.entity}: failed`);
  const pending = report.outcomes.filter((o) => o.status === 'pending').map((o) => o.entity);
  const earlier = report.earlier ? report.earlier.pending.length + report.earlier.broken.length : 0;
  if (pending.length > 0 || earlier > 0) {
    const what = [
      pending.length > 0 ? `${pending.join(' and ')} of this run` : undefined,
      earlier > 0 ? `${earlier} partition${earlier > 1 ? 's' : ''} of earlier runs` : undefined,
    ].filter(Boolean);
    lines.push(
      `degraded: ${what.join(' and ')} landed in the local lake but not in GCS/BigQuery (listed in ${journalFile}); ` +
        "run 'batch-ingest push-pending' once they are reachable (the next run also pushes them first)",
    );
  }
  return lines;
}
