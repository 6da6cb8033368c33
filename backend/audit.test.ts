import { describe, expect, it } from 'vitest';
import { AUDIT_EXIT, auditVerdict } from './audit';

const report = (counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: {},
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } },
  });

describe('npm run audit', () => {
  it('passes with no high or critical advisory', () => {
    expect(auditVerdict(report({ moderate: 2 }))).toEqual({
      exitCode: AUDIT_EXIT.clean,
      message: 'No high or critical advisory (0 critical, 0 high, 2 moderate, 0 low).',
    });
  });

  it('fails on a high or critical advisory', () => {
    expect(auditVerdict(report({ high: 1 })).exitCode).toBe(AUDIT_EXIT.advisories);
    expect(auditVerdict(report({ critical: 1 })).exitCode).toBe(AUDIT_EXIT.advisories);
  });

  it('says the check was not made, and does not pass, when the registry cannot answer audits', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    const verdict = auditVerdict(refused);
    expect(verdict.exitCode).toBe(AUDIT_EXIT.notChecked);
    expect(verdict.message).toMatch(/could NOT be made here: 405 Method Not Allowed/);
    expect(verdict.message).toMatch(/not a pass/);
    expect(auditVerdict('').exitCode).toBe(AUDIT_EXIT.notChecked);
  });
});
