/**
 * The real-query corpus (test/fixtures/kql-corpus): public queries written by Microsoft and the
 * Azure Monitor community. Every query Microsoft's analyser calls valid must pass the production
 * validator, and the local emulator must run at least 95% of them.
 */
import { defaultFixtureDir, extractCorpus, readCorpus } from '../../../devhost/logAnalytics/kqlCorpus/extractCorpus';
import { formatCorpusReport, runCorpus, type CorpusReport } from '../../../devhost/logAnalytics/kqlCorpus/runCorpus';

describe('real-world KQL corpus', () => {
  let report: CorpusReport;

  beforeAll(() => {
    report = runCorpus();
    // The figures are the point of this test: print them where CI logs and people see them.
    process.stdout.write(`${formatCorpusReport(report)}\n`);
  }, 600_000);

  it('is the extraction of its attributed sources, with at least 250 queries', () => {
    // Act
    const stored = readCorpus(defaultFixtureDir());

    // Assess
    expect(stored).toEqual(extractCorpus(defaultFixtureDir()));
    expect(stored.length).toBeGreaterThanOrEqual(250);
    for (const entry of stored) {
      expect(entry.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(['MIT', 'CC-BY-4.0']).toContain(entry.licence);
    }
  });

  it('has the validator accept every query Microsoft\'s analyser calls valid', () => {
    // Assess
    const refused = report.outcomes.filter((outcome) => outcome.validatorRefusal !== null).map((outcome) => `${outcome.entry.id}: ${outcome.validatorRefusal}`);
    expect(refused).toEqual([]);
    expect(report.valid).toBeGreaterThanOrEqual(250);
  });

  it('has the emulator run at least 95% of the valid queries', () => {
    // Assess
    expect(report.emulatorCovered / report.valid).toBeGreaterThanOrEqual(0.95);
  });
});
