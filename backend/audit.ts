/**
 * `npm run audit`: `npm audit --omit=dev` for the dependencies users run (extension bundle and proxy),
 * failing on high or critical advisories. When the registry cannot answer audits (some mirrors answer
 * 405), it says the check was not made and exits 2 rather than passing silently.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const AUDIT_EXIT = { clean: 0, advisories: 1, notChecked: 2 } as const;

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  message?: string;
  error?: { summary?: string; detail?: string };
}

/** What `npm audit --json` printed → the exit code and what to tell the person running it. */
export function auditVerdict(jsonText: string): { exitCode: number; message: string } {
  let report: AuditReport | undefined;
  try {
    report = JSON.parse(jsonText) as AuditReport;
  } catch {
    report = undefined;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    const reason = report?.message ?? report?.error?.summary ?? 'no audit report came back';
    return {
      exitCode: AUDIT_EXIT.notChecked,
      message: [
        `The dependency audit could NOT be made here: ${reason}.`,
        'This is not a pass: the registry this machine reaches does not answer npm audit requests.',
        'Run `npm run audit` (or `npm audit --omit=dev --audit-level=high`) on a machine whose',
        'registry answers audits, such as one with direct access to the public npm registry.',
      ].join('\n'),
    };
  }
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  const summary = ['critical', 'high', 'moderate', 'low']
    .map((level) => `${counts[level] ?? 0} ${level}`)
    .join(', ');
  return serious > 0
    ? {
        exitCode: AUDIT_EXIT.advisories,
        message: `Production dependencies have advisories: ${summary}. Run npm audit --omit=dev for details.`,
      }
    : { exitCode: AUDIT_EXIT.clean, message: `No high or critical advisory (${summary}).` };
}

function runNpmAudit(): string {
  // Under `npm run`, npm_execpath is the npm that started us; otherwise the one on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli
    ? [process.execPath, [npmCli, 'audit', '--omit=dev', '--json']]
    : ['npm', ['audit', '--omit=dev', '--json']];
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.stdout ?? '';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { exitCode, message } = auditVerdict(runNpmAudit());
  (exitCode === AUDIT_EXIT.clean ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(exitCode);
}
