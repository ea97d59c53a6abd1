/**
 * Conformance cases for series: `make-series`, `range` (operator and function), `datatable`, `toscalar`, `mv-expand ... to
 * typeof()` and the series functions. Expected results are written by hand from the documented
 * semantics; where a case reproduces a documentation example, the comment says which.
 * Same tables and `now` (2024-05-01T12:00:00Z) as conformanceCases.ts.
 */
import type { ConformanceCase } from './conformanceCases';

const R = 'Requests';

// The make-series documentation's example data (dataexplorer-docs, make-series-operator.md).
const METRICS = `datatable(timestamp:datetime, metric: real) [
  datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3, datetime(2017-01-03), 4,
  datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4,
  datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
  datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5]`;
const days = (count: number): string[] => Array.from({ length: count }, (_, i) => `2017-01-0${i + 1}T00:00:00.0000000Z`);

// The series_fill_linear documentation's input.
const GAPS = 'dynamic([null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null])';

const seriesCases: ConformanceCase[] = [
  // --- datatable, range
  { query: `datatable(a:long, b:string) [1, "x", 2, "y"] | where a > 1`, columns: ['a:long', 'b:string'], rows: [[2, 'y']] },
  { query: `range x from 1 to 10 step 3`, columns: ['x:long'], rows: [[1], [4], [7], [10]], ordered: true },
  { query: `range t from datetime(2024-05-01) to datetime(2024-05-01T02:00) step 1h`, columns: ['t:datetime'], rows: [['2024-05-01T00:00:00Z'], ['2024-05-01T01:00:00Z'], ['2024-05-01T02:00:00Z']], ordered: true },
  // range(): range-function.md's examples (stop inclusive; 1h steps by default for timespans; at most 2^20 values)
  { query: `print a = range(1, 8, 3), b = range(1, 3), c = range(1h, 5h), d = range(datetime(2015-01-01), datetime(2015-01-02), 1d)`, rows: [[[1, 4, 7], [1, 2, 3], ['01:00:00', '02:00:00', '03:00:00', '04:00:00', '05:00:00'], ['2015-01-01T00:00:00.0000000Z', '2015-01-02T00:00:00.0000000Z']]] },
  { query: `print r = range(1, 1000000000) | mv-expand r | count`, rows: [[1048576]] },
  // --- make-series: the documented example (to is exclusive; the 2017-01-10 and 2016 rows fall outside; 01-04 has no rows, so 0)
  {
    query: `${METRICS} | make-series avg(metric) on timestamp from datetime(2017-01-01) to datetime(2017-01-10) step 1d`,
    columns: ['avg_metric:dynamic', 'timestamp:dynamic'],
    rows: [[[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], days(9)]],
  },
  // Empty input gives no rows, unless kind=nonempty (then one row of defaults).
  { query: `${METRICS} | take 0 | make-series avg(metric) default=1.0 on timestamp from datetime(2017-01-01) to datetime(2017-01-04) step 1d`, rows: [] },
  { query: `${METRICS} | take 0 | make-series kind=nonempty avg(metric) default=1.0 on timestamp from datetime(2017-01-01) to datetime(2017-01-04) step 1d`, rows: [[[1, 1, 1], days(3)]] },
  // by: one row per group; 10:30 is before `from`, so it is dropped.
  {
    query: `${R} | make-series n = count() default = 0, total = sum(DurationMs) on Timestamp from datetime(2024-05-01T11:50) to datetime(2024-05-01T12:00) step 5m by Success`,
    columns: ['Success:bool', 'n:dynamic', 'total:dynamic', 'Timestamp:dynamic'],
    rows: [
      [true, [1, 0], [120, 0], ['2024-05-01T11:50:00.0000000Z', '2024-05-01T11:55:00.0000000Z']],
      [false, [1, 2], [900, 1560], ['2024-05-01T11:50:00.0000000Z', '2024-05-01T11:55:00.0000000Z']],
    ],
  },
  // Without from/to the axis spans the bins of the smallest and largest values (10:30 → 10:00, 11:59 → 11:00).
  { query: `${R} | make-series n = count() on Timestamp step 1h`, rows: [[[1, 4], ['2024-05-01T10:00:00.0000000Z', '2024-05-01T11:00:00.0000000Z']]] },
  // With only `from`, the axis runs on its grid up to the bin of the largest value: [11:52, 11:57) holds 11:52:30 and 11:56, [11:57, 12:02) 11:59.
  { query: `${R} | make-series n = count() on Timestamp from datetime(2024-05-01T11:52) step 5m`, rows: [[[2, 1], ['2024-05-01T11:52:00.0000000Z', '2024-05-01T11:57:00.0000000Z']]] },
  // default=double(null) leaves the gaps for the interpolation functions.
  { query: `${R} | make-series avg(DurationMs) default=double(null) on Timestamp from datetime(2024-05-01T11:40) to datetime(2024-05-01T12:00) step 5m | project a = series_fill_forward(avg_DurationMs)`, rows: [[[null, null, 510, 780]]] },
  // mv-expand ... to typeof() turns the series back into typed rows.
  {
    query: `${R} | make-series n = count() on Timestamp from datetime(2024-05-01T11:00) to now() step 30m | mv-expand n to typeof(long), Timestamp to typeof(datetime)`,
    columns: ['n:long', 'Timestamp:datetime'],
    rows: [[0, '2024-05-01T11:00:00Z'], [4, '2024-05-01T11:30:00Z']],
    ordered: true,
  },
  // --- toscalar: first column of the first row, computed once
  { query: `let lastSeen = toscalar(${R} | summarize max(Timestamp)); ${R} | where Timestamp == lastSeen | project UserId`, rows: [['u3']] },
  { query: `print t = toscalar(${R} | summarize max(Timestamp)), e = toscalar(${R} | where UserId == "nobody" | project UserId)`, columns: ['t:datetime', 'e:string'], rows: [['2024-05-01T11:59:00Z', '']] },
  // --- element-wise functions (series_add's documented example; scalars apply at every position; missing positions are null)
  {
    query: `print s1 = dynamic([1,2,4]), s2 = dynamic([4,2,1]) | project a = series_add(s1, s2), s = series_subtract(s1, dynamic([1])), m = series_multiply(s1, 10), d = series_divide(s1, s2), g = series_greater(s1, s2), le = series_less_equals(s1, 2), eq = series_equals(s1, s2)`,
    rows: [[[5, 4, 5], [0, null, null], [10, 20, 40], [0.25, 1, 4], [false, false, true], [true, true, false], [false, true, false]]],
  },
  { query: `print a = series_abs(dynamic([-6.5, 0, 8.2])), s = series_sign(dynamic([-6, 0, 8])), c = series_ceiling(dynamic([-1.5, 1, 2.5])), f = series_floor(dynamic([1.5, "x"]))`, rows: [[[6.5, 0, 8.2], [-1, 0, 1], [-1, 1, 3], [1, null]]] },
  // --- gap filling (series_fill_linear's documented example for the linear cases)
  {
    query: `print arr = ${GAPS} | project linear = series_fill_linear(arr), noEdges = series_fill_linear(arr, double(null), false), forward = series_fill_forward(arr), backward = series_fill_backward(arr), zero = series_fill_const(arr, 0.0)`,
    rows: [[
      [111, 111, 73.5, 36, 41, 41 - 25 / 3, 41 - 50 / 3, 16, 61, 33, 33, 33],
      [null, 111, 73.5, 36, 41, 41 - 25 / 3, 41 - 50 / 3, 16, 61, 33, null, null],
      [null, 111, 111, 36, 41, 41, 41, 16, 61, 33, 33, 33],
      [111, 111, 36, 36, 41, 16, 16, 16, 61, 33, null, null],
      [0, 111, 0, 36, 41, 0, 0, 16, 61, 33, 0, 0],
    ]],
  },
  { query: `print a = series_fill_linear(dynamic([null, null])), b = series_fill_linear(dynamic([null, null]), double(null), true, 3.5), c = series_fill_forward(dynamic([1, -1, 3]), -1)`, rows: [[[0, 0], [3.5, 3.5], [1, 1, 3]]] },
  // --- statistics: series_stats' documented example (sample stdev and variance)
  {
    query: `print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x) | extend series_stats_x_stdev = round(series_stats_x_stdev, 4), series_stats_x_variance = round(series_stats_x_variance, 4)`,
    columns: ['series_stats_x_min:real', 'series_stats_x_min_idx:long', 'series_stats_x_max:real', 'series_stats_x_max_idx:long', 'series_stats_x_avg:real', 'series_stats_x_stdev:real', 'series_stats_x_variance:real'],
    rows: [[2, 8, 87, 3, 32.8, 28.5036, 812.4571]],
  },
  // Non-finite values make every statistic null unless ignore_nonfinite is true.
  { query: `print s = series_stats_dynamic(dynamic([1, 2, null])), t = series_stats_dynamic(dynamic([1, null, 3]), true)`, rows: [[{ min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null }, { min: 1, min_idx: 0, max: 3, max_idx: 2, avg: 2, stdev: 2 ** 0.5, variance: 2 }]] },
  // --- linear regression: series_fit_line's documented example (x = 1..n)
  {
    query: `print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit) = series_fit_line(y) | project RSquare = round(RSquare, 3), Slope = round(Slope, 3), Variance = round(Variance, 3), RVariance = round(RVariance, 3), Interception = round(Interception, 3), First = round(todouble(LineFit[0]), 3)`,
    rows: [[0.983, 2.731, 98.629, 1.686, -1.667, 1.064]],
  },
  // Without a rename list the columns take the default names; series_fit_line_dynamic returns a bag.
  { query: `print y = dynamic([1, 2, 3]) | extend series_fit_line(y) | project series_fit_line_y_slope, series_fit_line_y_rsquare, d = series_fit_line_dynamic(y).line_fit`, rows: [[1, 1, [1, 2, 3]]] },
];

export { seriesCases };
