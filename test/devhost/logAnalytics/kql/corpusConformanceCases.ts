/**
 * Conformance cases for what the real-query corpus needed: union withsource, find, materialize,
 * the date/time and text functions and the deprecated aggregate names. Expected results are
 * written by hand from the documented semantics (learn.microsoft.com/kusto); where a case is a
 * documentation example the comment says so. Same tables and `now` as conformanceCases.ts.
 */
import type { ConformanceCase } from './conformanceCases';

const R = 'Requests';

const corpusCases: ConformanceCase[] = [
  // --- union withsource, find, materialize
  { query: `union withsource=T ${R}, Errors | summarize n = count() by T`, columns: ['T:string', 'n:long'], rows: [['Requests', 5], ['Errors', 3]] },
  { query: `find in (${R}, Errors) where UserId == "u1" project UserId`, columns: ['source_:string', 'UserId:string'], rows: [['Requests', 'u1'], ['Requests', 'u1'], ['Errors', 'u1'], ['Errors', 'u1']] },
  // Errors has no ResultCode, so it is not searched.
  { query: `find withsource=Table in (${R}, Errors) where ResultCode == "404" project UserId`, columns: ['Table:string', 'UserId:string'], rows: [['Requests', 'u3']] },
  { query: `let m = materialize(${R} | summarize c = count()); m | project c`, rows: [[5]] },
  // top-nested: the top ResultCode by total duration, then its Names by max duration, smallest first.
  {
    query: `${R} | top-nested 1 of ResultCode by s = sum(DurationMs), top-nested of Name by m = max(DurationMs) asc`,
    columns: ['ResultCode:string', 's:real', 'Name:string', 'm:real'],
    rows: [['500', 2400, 'GET /api/orders', 900], ['500', 2400, 'POST /api/checkout', 1500]],
    ordered: true,
  },
  // --- date and time (bin_at, format_timespan: documentation examples)
  { query: `print b = bin_at(datetime(2017-05-15 10:20:00), 1d, datetime(1970-01-01 12:00:00))`, rows: [['2017-05-14T12:00:00Z']] },
  { query: `print m = datetime_add('month', 1, datetime(2017-01-31)), h = datetime_add('hour', -2, datetime(2017-01-01))`, rows: [['2017-02-28T00:00:00Z', '2016-12-31T22:00:00Z']] },
  { query: `print h = datetime_part('hour', datetime(2017-10-30 01:02:03)), w = datetime_part('week_of_year', datetime(2017-10-30)), q = datetime_part('quarter', datetime(2017-10-30))`, rows: [[1, 44, 4]] },
  { query: `print w = startofweek(datetime(2017-01-04 10:10:17)), m = startofmonth(datetime(2017-01-17)), y = startofyear(datetime(2017-05-17), 1)`, rows: [['2017-01-01T00:00:00Z', '2017-01-01T00:00:00Z', '2018-01-01T00:00:00Z']] },
  { query: `print v1 = format_timespan(time(29.09:00:05.12345), 'dd.hh:mm:ss:FF'), v2 = format_timespan(time(29.09:00:05.12345), 'ddd.h:mm:ss [fffffff]')`, rows: [['29.09:00:05:12', '029.9:00:05 [1234500]']] },
  { query: `print d = make_datetime(2017, 10, 1, 12, 10, 30)`, rows: [['2017-10-01T12:10:30Z']] },
  // endof… is one millisecond (Kusto: one tick) before the next period.
  { query: `print m = endofmonth(datetime(2017-02-10)), w = endofweek(datetime(2017-01-01), 1)`, rows: [['2017-02-28T23:59:59.999Z', '2017-01-14T23:59:59.999Z']] },
  // --- text
  { query: `print r = reverse("ABC"), e = notempty(""), n = notempty("x")`, rows: [['CBA', false, true]] },
  { query: `print a = replace(@'is (\\d+)', @'was: \\1', 'Number is 42'), b = replace_string('a.b.c', '.', '/')`, rows: [['Number was: 42', 'a/b/c']] },
  { query: `print s = trim_start(@"[^/]+/", "upstream/a/b"), e = trim_end(@"-+", "x--"), t = trim("--", "--bing--")`, rows: [['a/b', 'x', 'bing']] },
  { query: `print i = indexof("abcdefg", "cde"), j = indexof("abc", "z"), d = strcat_delim("-", "a", 1, "b"), c = countof("aaa", "a")`, rows: [[2, -1, 'a-1-b', 3]] },
  { query: `print p = pack("k", 1, "s", "x"), a = pack_array(1, "y")`, rows: [[{ k: 1, s: 'x' }, [1, 'y']]] },
  { query: `print a = extract_json("$.hosts[1].name", '{"hosts":[{"name":"a"},{"name":"b"}]}', typeof(string)), b = extractjson("$['n']", '{"n": 5}', typeof(long))`, rows: [['b', 5]] },
  { query: `${R} | take 1 | project c = columnifexists("Name", "none"), d = columnifexists("Nope", "none")`, rows: [['GET /api/orders', 'none']] },
  // --- serialize and window functions
  {
    query: `${R} | order by Timestamp asc | extend p = prev(UserId), n = next(UserId, 1, "end"), r = row_number() | project UserId, p, n, r`,
    rows: [['', '', 'u1', 1], ['u1', '', 'u2', 2], ['u2', 'u1', 'u1', 3], ['u1', 'u2', 'u3', 4], ['u3', 'u1', 'end', 5]],
    ordered: true,
  },
  { query: `${R} | where Success | serialize n = row_number(10) | project n`, rows: [[10], [11]], ordered: true },
  // --- deprecated aggregate names and make_bag (first value of a repeated key)
  { query: `${R} | where Success | summarize l = makelist(UserId), s = makeset(Name)`, rows: [[['u1', ''], ['GET /api/orders', 'GET /health']]] },
  { query: `${R} | summarize b = make_bag(pack("user", UserId, Name, ResultCode))`, rows: [[{ user: 'u1', 'GET /api/orders': '200', 'POST /api/checkout': '500', 'GET /health': '200', 'POST /api/Checkout-v2': '404' }]] },
];

export { corpusCases };
