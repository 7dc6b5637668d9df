import type { CheckStatus, DoctorReport } from './types.js';

export interface ChecklistOptions {
  projectId: string;
  /** ANSI colours (a TTY). */
  color: boolean;
}

const marks: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '-' };
const colours: Record<CheckStatus, string> = { pass: '\u001b[32m', fail: '\u001b[31m', skip: '\u001b[33m' };
const dim = '\u001b[2m';
const reset = '\u001b[0m';

/**
 * The doctor's checklist: one line per check (✓ passed, ✗ failed, - skipped or not
 * applicable), then indented `fix:` lines under every failure, then a closing count.
 */
export function renderChecklist(report: DoctorReport, options: ChecklistOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${reset}` : text);
  const who = report.identity ? ` as ${report.identity}` : '';
  const lines = [`gcp-bootstrap doctor: project ${options.projectId}${who}`, ''];
  for (const check of report.checks) {
    const detail = check.detail ? paint(dim, ` — ${check.detail}`) : '';
    lines.push(`  ${paint(colours[check.status], marks[check.status])} ${check.title}${detail}`);
    if (check.status === 'fail') {
      check.fix?.forEach((command, index) => lines.push(`      ${index === 0 ? 'fix:' : '    '} ${command}`));
    }
  }
  const skipped = report.checks.filter((check) => check.status === 'skip').length;
  const total = report.checks.length;
  const tail = skipped > 0 ? `, ${skipped} skipped` : '';
  lines.push(
    '',
    report.failed === 0
      ? paint(colours.pass, `All checks passed (${total - skipped} of ${total}${tail}).`)
      : paint(colours.fail, `${report.failed} of ${total} checks failed${tail}. Run the fix commands above, then re-run doctor.`),
  );
  return `${lines.join('\n')}\n`;
}
