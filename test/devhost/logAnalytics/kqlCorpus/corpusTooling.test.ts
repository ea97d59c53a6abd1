import { defaultFixtureDir, markdownQueries } from '../../../../devhost/logAnalytics/kqlCorpus/extractCorpus';
import { loadCorpusWorkspace } from '../../../../devhost/logAnalytics/kqlCorpus/corpusSchema';
import { officialVerdict } from '../../../../devhost/logAnalytics/kqlCorpus/officialVerdict';

describe('real-query corpus tooling', () => {
  it('takes KQL fences from Markdown, list items included, and leaves other fences', () => {
    // Arrange
    const markdown = [
      'Intro',
      '```kusto',
      'Heartbeat',
      '| take 1',
      '```',
      '* ```Kusto',
      '  Perf',
      '  | count',
      '  ```',
      '```json',
      '{ "a": 1 }',
      '```',
      '```query',
      'Usage | count',
      '```',
    ].join('\n');

    // Act
    const queries = markdownQueries(markdown);

    // Assess
    expect(queries).toEqual(['Heartbeat\n| take 1', 'Perf\n| count', 'Usage | count']);
  });

  it('decides validity with the analyser: cross-resource calls as databases, classic names in component scope', () => {
    // Arrange
    const corpus = loadCorpusWorkspace(defaultFixtureDir());

    // Act
    const crossResource = officialVerdict('union workspace("w1").Heartbeat, app("a1").requests | count', corpus);
    const classic = officialVerdict('requests | summarize count() by resultCode', corpus);
    const hidden = officialVerdict('Heartbeat | extend l = _TimeReceived - TimeGenerated', corpus);
    const wrong = officialVerdict('Heartbeat | where Computr == "x"', corpus);

    // Assess
    expect(crossResource).toEqual({ valid: true, scope: 'workspace' });
    expect(classic).toEqual({ valid: true, scope: 'component' });
    expect(hidden).toEqual({ valid: true, scope: 'workspace' });
    expect(wrong).toMatchObject({ valid: false, error: expect.stringContaining("'Computr'") });
  });
});
