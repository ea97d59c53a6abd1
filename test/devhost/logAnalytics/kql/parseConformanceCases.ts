/**
 * Conformance cases for `parse` / `parse-where`: kinds, regex flags and parsing into a column the
 * input already has. The regex cases reproduce parse-operator.md's examples (dataexplorer-docs).
 * Same tables and `now` as conformanceCases.ts.
 */
import type { ConformanceCase } from './conformanceCases';

const TRACES = `let Traces = datatable(EventText: string) [
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)"
];`;

const parseCases: ConformanceCase[] = [
  // Parsing into an existing column overwrites it in place (UserId stays the second column).
  {
    query: `Errors | parse Message with "Timeout talking to " UserId | project-away Timestamp, Count`,
    columns: ['UserId:string', 'Message:string'],
    rows: [['db-primary', 'Timeout talking to db-primary'], ['', 'NullReferenceException in CheckoutService'], ['cache', 'Timeout talking to cache']],
  },
  { query: `Errors | parse Message with * " in " Count:long | project Count`, columns: ['Count:long'], rows: [[null], [null], [null]] },
  // parse-where keeps only the rows that parse.
  { query: `Errors | parse-where Message with "Timeout talking to " Target | project Target`, columns: ['Target:string'], rows: [['db-primary'], ['cache']] },
  { query: `print s = "a=x1 b=2" | parse-where s with "a=" A:long " b=" B:long`, rows: [] },
  // simple is strict (a column that does not convert empties every new column); relaxed nulls only that column.
  { query: `print s = "a=x1 b=2" | parse s with "a=" A:long " b=" B:long | project A, B`, rows: [[null, null]] },
  { query: `print s = "a=x1 b=2" | parse kind=relaxed s with "a=" A:long " b=" B:long | project A, B`, rows: [[null, 2]] },
  // Regex mode is greedy by default; flags=Ui makes it ungreedy and case-insensitive.
  { query: `${TRACES} Traces | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName`, rows: [['PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01']] },
  { query: `${TRACES} Traces | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`, rows: [['PipelineScheduler']] },
  // Capture groups inside the regex literals do not shift the parsed columns.
  {
    query: `${TRACES} Traces | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber: long ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\\\)" | project resourceName, sliceNumber, lockTime, releaseTime, previousLockTime`,
    rows: [['PipelineScheduler', 23, '02/17/2016 08:40:01, ', '02/17/2016 08:40:01, ', '2016-02-17T08:39:01Z']],
  },
  { query: `print s = "line1\\nuser=bob" | parse kind=regex flags=s s with ".*user=" User`, rows: [['line1\nuser=bob', 'bob']] },
  // The inline (?U) flag of a regex literal swaps greediness too.
  { query: `print e = extract("(?U)a(.*)c", 1, "abcbc")`, rows: [['b']] },
];

export { parseCases };
