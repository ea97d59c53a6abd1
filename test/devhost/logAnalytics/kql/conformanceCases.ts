/**
 * KQL conformance table: each query's expected result is written by hand from the documented
 * Kusto semantics (learn.microsoft.com/kusto), never captured from the evaluator.
 * `now` is 2024-05-01T12:00:00Z for every case.
 */
import type { KqlTable } from '../../../../devhost/logAnalytics/kql';

const NOW = new Date('2024-05-01T12:00:00Z');

const requests: KqlTable = {
  name: 'Requests',
  columns: [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'Name', type: 'string' },
    { name: 'ResultCode', type: 'string' },
    { name: 'DurationMs', type: 'real' },
    { name: 'Success', type: 'bool' },
    { name: 'Props', type: 'dynamic' },
    { name: 'UserId', type: 'string' },
  ],
  rows: [
    ['2024-05-01T11:50:00Z', 'GET /api/orders', '200', 120, true, { region: 'eu', tags: ['a', 'b'] }, 'u1'],
    ['2024-05-01T11:52:30Z', 'GET /api/orders', '500', 900, false, { region: 'us', tags: ['b'] }, 'u2'],
    ['2024-05-01T11:56:00Z', 'POST /api/checkout', '500', 1500, false, { region: 'eu', tags: [] }, 'u1'],
    ['2024-05-01T10:30:00Z', 'GET /health', '200', 5, true, null, ''],
    ['2024-05-01T11:59:00Z', 'POST /api/Checkout-v2', '404', 60, false, { region: 'us' }, 'u3'],
  ],
};

const errors: KqlTable = {
  name: 'Errors',
  columns: [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'UserId', type: 'string' },
    { name: 'Message', type: 'string' },
    { name: 'Count', type: 'long' },
  ],
  rows: [
    ['2024-05-01T11:51:00Z', 'u1', 'Timeout talking to db-primary', 2],
    ['2024-05-01T11:57:00Z', 'u1', 'NullReferenceException in CheckoutService', 1],
    ['2024-05-01T11:58:00Z', 'u4', 'Timeout talking to cache', 3],
  ],
};

/** One conformance case. `columns` as `name:type`; rows compared in order only when `ordered`. */
interface ConformanceCase {
  query: string;
  columns?: string[];
  rows: unknown[][];
  ordered?: boolean;
}

const R = 'Requests';
const cases: ConformanceCase[] = [
  // --- where, comparison, logic
  { query: `${R} | where ResultCode == "500" | project UserId`, columns: ['UserId:string'], rows: [['u2'], ['u1']] },
  { query: `${R} | where DurationMs > 100 and Success == false | project UserId`, rows: [['u2'], ['u1']] },
  { query: `${R} | where DurationMs < 10 or ResultCode == "404" | project UserId`, rows: [[''], ['u3']] },
  { query: `${R} | where not(Success) | count`, columns: ['Count:long'], rows: [[3]] },
  { query: `${R} | where DurationMs >= 900 and DurationMs <= 1500 | count`, rows: [[2]] },
  { query: `${R} | where ResultCode != "200" | count`, rows: [[3]] },
  // == on strings is case-sensitive.
  { query: `${R} | where Name == "get /health" | count`, rows: [[0]] },
  // =~ is case-insensitive equality; !~ its negation.
  { query: `${R} | where Name =~ "get /health" | count`, rows: [[1]] },
  { query: `${R} | where Name !~ "GET /API/ORDERS" | count`, rows: [[3]] },
  // has matches whole terms, case-insensitively: "check" is not a term of "checkout".
  { query: `${R} | where Name has "check" | count`, rows: [[0]] },
  // "checkout" and "Checkout" (of "Checkout-v2") are both whole terms.
  { query: `${R} | where Name has "CHECKOUT" | count`, rows: [[2]] },
  // "Checkout-v2" splits into the terms "Checkout" and "v2".
  { query: `${R} | where Name has "v2" | project UserId`, rows: [['u3']] },
  { query: `${R} | where Name !has "api" | project UserId`, rows: [['']] },
  // contains is a case-insensitive substring match; contains_cs is case-sensitive.
  { query: `${R} | where Name contains "check" | count`, rows: [[2]] },
  { query: `${R} | where Name contains_cs "Check" | project UserId`, rows: [['u3']] },
  { query: `${R} | where Name !contains "api" | count`, rows: [[1]] },
  { query: `${R} | where Name startswith "post" | count`, rows: [[2]] },
  { query: `${R} | where Name endswith "ORDERS" | count`, rows: [[2]] },
  { query: `${R} | where ResultCode in ("500", "404") | count`, rows: [[3]] },
  { query: `${R} | where ResultCode !in ("500", "404") | count`, rows: [[2]] },
  // in is case-sensitive; in~ is not.
  { query: `${R} | where Name in ("get /health") | count`, rows: [[0]] },
  { query: `${R} | where Name in~ ("get /health") | count`, rows: [[1]] },
  { query: `${R} | where Name matches regex @"^POST /api/[A-Z]" | project UserId`, rows: [['u3']] },
  { query: `${R} | where DurationMs between (60 .. 120) | count`, rows: [[2]] },
  { query: `${R} | where Timestamp between (datetime(2024-05-01T11:50:00Z) .. 5m) | count`, rows: [[2]] },
  { query: `${R} | where UserId in ((Errors | project UserId)) | count`, rows: [[2]] },
  // --- datetime and timespan
  { query: `${R} | where Timestamp > ago(1h) | count`, rows: [[4]] },
  { query: `${R} | where Timestamp > now() - 5m | project UserId`, rows: [['u1'], ['u3']] },
  { query: `${R} | where Timestamp < datetime(2024-05-01 11:00:00) | project UserId`, rows: [['']] },
  { query: `print d = datetime(2024-05-01T11:00:00Z) + 90m`, columns: ['d:datetime'], rows: [['2024-05-01T12:30:00Z']] },
  { query: `print t = datetime(2024-05-01T12:00:00Z) - datetime(2024-05-01T10:30:00Z)`, columns: ['t:timespan'], rows: [['01:30:00']] },
  { query: `print t = 1d + 2h`, columns: ['t:timespan'], rows: [['1.02:00:00']] },
  { query: `print r = 1h / 30m`, columns: ['r:real'], rows: [[2]] },
  { query: `print d = startofday(datetime(2024-05-01T17:45:00Z))`, columns: ['d:datetime'], rows: [['2024-05-01T00:00:00Z']] },
  { query: `print b = bin(datetime(2024-05-01T11:52:30Z), 5m)`, columns: ['b:datetime'], rows: [['2024-05-01T11:50:00Z']] },
  { query: `print n = now(), a = ago(1d)`, columns: ['n:datetime', 'a:datetime'], rows: [['2024-05-01T12:00:00Z', '2024-04-30T12:00:00Z']] },
  { query: `print s = tostring(datetime(2024-05-01T12:00:00Z))`, columns: ['s:string'], rows: [['2024-05-01T12:00:00Z']] },
  { query: `print d = todatetime("2024-05-01 08:00:00")`, columns: ['d:datetime'], rows: [['2024-05-01T08:00:00Z']] },
  // --- arithmetic and conversion
  // Integer division truncates for long operands; real division does not.
  { query: `print a = 7 / 2, b = 7.0 / 2, c = 7 % 3, d = -7 / 2`, columns: ['a:long', 'b:real', 'c:long', 'd:long'], rows: [[3, 3.5, 1, -3]] },
  { query: `print a = toint("42"), b = tolong("x"), c = todouble("2.5"), d = toint(2.9)`, columns: ['a:int', 'b:long', 'c:real', 'd:int'], rows: [[42, null, 2.5, 2]] },
  { query: `print s = tostring(12), t = tostring(true)`, columns: ['s:string', 't:string'], rows: [['12', 'true']] },
  // round() rounds half away from zero.
  { query: `print a = round(2.5), b = round(-2.5), c = round(3.14159, 2)`, columns: ['a:real', 'b:real', 'c:real'], rows: [[3, -3, 3.14]] },
  { query: `print b = bin(17, 5), c = bin(4.7, 1.5)`, columns: ['b:long', 'c:real'], rows: [[15, 4.5]] },
  // --- strings
  { query: `print s = strcat("a", 1, "-", true)`, columns: ['s:string'], rows: [['a1-true']] },
  { query: `print l = tolower("AbC"), u = toupper("AbC"), n = strlen("héllo")`, columns: ['l:string', 'u:string', 'n:long'], rows: [['abc', 'ABC', 5]] },
  { query: `print a = substring("abcdef", 2), b = substring("abcdef", 1, 3)`, rows: [['cdef', 'bcd']] },
  { query: `print p = split("a,b,c", ","), q = split("a,b,c", ",", 1)`, columns: ['p:dynamic', 'q:dynamic'], rows: [[['a', 'b', 'c'], ['b']]] },
  { query: `print e = extract(@"(\\d+)ms", 1, "took 250ms")`, columns: ['e:string'], rows: [['250']] },
  { query: `print e = extract(@"(\\d+)ms", 1, "took 250ms", typeof(long))`, columns: ['e:long'], rows: [[250]] },
  // extract returns an empty string when nothing matches.
  { query: `print e = extract("x(\\\\d)", 1, "abc")`, rows: [['']] },
  // --- dynamic
  { query: `${R} | where Props.region == "eu" | count`, rows: [[2]] },
  { query: `${R} | where tostring(Props["region"]) == "us" | project UserId`, rows: [['u2'], ['u3']] },
  { query: `${R} | where UserId == "u1" and array_length(Props.tags) > 0 | extend First = tostring(Props.tags[0]) | project First`, rows: [['a']] },
  { query: `print j = parse_json('{"a":{"b":[10,20]}}') | project v = toint(j.a.b[1])`, columns: ['v:int'], rows: [[20]] },
  { query: `print v = dynamic({"k": "v"})["k"]`, columns: ['v:dynamic'], rows: [['v']] },
  // --- iff / case / emptiness
  { query: `${R} | project UserId, Kind = iff(Success, "ok", "bad") | where UserId in ("u2", "u3")`, rows: [['u2', 'bad'], ['u3', 'bad']] },
  { query: `${R} | extend Band = case(DurationMs < 100, "fast", DurationMs < 1000, "ok", "slow") | summarize count() by Band`, columns: ['Band:string', 'count_:long'], rows: [['fast', 2], ['ok', 2], ['slow', 1]] },
  // Strings are never null: an empty string is empty but not null.
  { query: `${R} | where isempty(UserId) | count`, rows: [[1]] },
  { query: `${R} | where isnotempty(UserId) | count`, rows: [[4]] },
  { query: `${R} | where isnull(Props) | count`, rows: [[1]] },
  { query: `${R} | where isnotnull(Props.tags) | count`, rows: [[3]] },
  { query: `print a = iif(1 > 2, 1, 2)`, rows: [[2]] },
  // --- project / extend / rename
  { query: `${R} | project-away Props, Name, Timestamp, DurationMs, Success | take 0`, columns: ['ResultCode:string', 'UserId:string'], rows: [] },
  { query: `${R} | project-rename User = UserId | project User | take 1`, columns: ['User:string'], rows: [['u1']] },
  // An unnamed computed column gets the default name Column1.
  { query: `${R} | where UserId == "u3" | project DurationMs * 2`, columns: ['Column1:real'], rows: [[120]] },
  { query: `${R} | where UserId == "u3" | extend DurationMs = DurationMs / 60 | project DurationMs`, rows: [[1]] },
  // --- summarize
  { query: `${R} | summarize count()`, columns: ['count_:long'], rows: [[5]] },
  // summarize without by over no rows still returns one row.
  { query: `${R} | where UserId == "nobody" | summarize count()`, rows: [[0]] },
  { query: `${R} | where UserId == "nobody" | summarize count() by UserId`, rows: [] },
  { query: `${R} | summarize n = count(), failures = countif(Success == false) by ResultCode`, columns: ['ResultCode:string', 'n:long', 'failures:long'], rows: [['200', 2, 0], ['500', 2, 2], ['404', 1, 1]] },
  { query: `${R} | summarize avg(DurationMs), sum(DurationMs), min(DurationMs), max(DurationMs)`, columns: ['avg_DurationMs:real', 'sum_DurationMs:real', 'min_DurationMs:real', 'max_DurationMs:real'], rows: [[517, 2585, 5, 1500]] },
  { query: `${R} | summarize dcount(UserId)`, columns: ['dcount_UserId:long'], rows: [[4]] },
  // minif/maxif aggregate only the rows where the predicate holds (the first failure, the last success).
  { query: `${R} | summarize firstFailure = minif(Timestamp, Success == false), lastOk = maxif(Timestamp, Success == true)`, columns: ['firstFailure:datetime', 'lastOk:datetime'], rows: [['2024-05-01T11:52:30Z', '2024-05-01T11:50:00Z']] },
  // percentile uses the nearest-rank method: rank ceil(p/100*n) of the sorted values 5,60,120,900,1500.
  { query: `${R} | summarize percentile(DurationMs, 50)`, columns: ['percentile_DurationMs_50:real'], rows: [[120]] },
  { query: `${R} | summarize percentiles(DurationMs, 20, 95)`, columns: ['percentile_DurationMs_20:real', 'percentile_DurationMs_95:real'], rows: [[5, 1500]] },
  { query: `${R} | where UserId == "u1" | summarize make_list(ResultCode), make_set(Name)`, columns: ['list_ResultCode:dynamic', 'set_Name:dynamic'], rows: [[['200', '500'], ['GET /api/orders', 'POST /api/checkout']]] },
  { query: `${R} | summarize arg_max(DurationMs, UserId, ResultCode)`, columns: ['DurationMs:real', 'UserId:string', 'ResultCode:string'], rows: [[1500, 'u1', '500']] },
  { query: `${R} | where isnotempty(UserId) | summarize arg_min(Timestamp, *) by UserId | project UserId, Timestamp, ResultCode`, rows: [['u1', '2024-05-01T11:50:00Z', '200'], ['u2', '2024-05-01T11:52:30Z', '500'], ['u3', '2024-05-01T11:59:00Z', '404']] },
  { query: `${R} | where Timestamp > ago(1h) | summarize count() by bin(Timestamp, 5m)`, columns: ['Timestamp:datetime', 'count_:long'], rows: [['2024-05-01T11:50:00Z', 2], ['2024-05-01T11:55:00Z', 2]] },
  // summarize with no aggregates yields the distinct key combinations.
  { query: `${R} | summarize by ResultCode`, columns: ['ResultCode:string'], rows: [['200'], ['500'], ['404']] },
  { query: `${R} | summarize c = count() by Region = tostring(Props.region)`, columns: ['Region:string', 'c:long'], rows: [['eu', 2], ['us', 2], ['', 1]] },
  // --- order / top / take / distinct / count
  // order by defaults to descending.
  { query: `${R} | order by DurationMs | project DurationMs`, rows: [[1500], [900], [120], [60], [5]], ordered: true },
  { query: `${R} | sort by ResultCode asc, DurationMs desc | project UserId`, rows: [['u1'], [''], ['u3'], ['u1'], ['u2']], ordered: true },
  // Nulls come last when descending (the default) and first when ascending.
  { query: `${R} | extend R = tostring(Props.region) | extend N = iff(R == "", long(null), strlen(R)) | order by N | project UserId`, rows: [['u1'], ['u2'], ['u1'], ['u3'], ['']], ordered: true },
  { query: `${R} | extend N = iff(UserId == "", long(null), 1) | order by N asc | project UserId | take 1`, rows: [['']], ordered: true },
  // top defaults to descending.
  { query: `${R} | top 2 by DurationMs | project UserId`, rows: [['u1'], ['u2']], ordered: true },
  { query: `${R} | top 1 by Timestamp asc | project UserId`, rows: [['']], ordered: true },
  { query: `${R} | take 2 | count`, rows: [[2]] },
  { query: `${R} | limit 100 | count`, rows: [[5]] },
  { query: `${R} | distinct ResultCode`, columns: ['ResultCode:string'], rows: [['200'], ['500'], ['404']] },
  { query: `${R} | distinct UserId, Success | count`, rows: [[5]] },
  // --- let
  { query: `let threshold = 100.0; ${R} | where DurationMs > threshold | count`, rows: [[3]] },
  { query: `let window = 5m; ${R} | where Timestamp > ago(window) | project UserId`, rows: [['u1'], ['u3']] },
  { query: `let failed = ${R} | where Success == false; failed | summarize count()`, rows: [[3]] },
  // --- join (default innerunique dedupes the left side by key, then inner join)
  { query: `Errors | join (${R} | project UserId, Code = ResultCode) on UserId | project Message, Code`, rows: [['Timeout talking to db-primary', '200'], ['Timeout talking to db-primary', '500']] },
  { query: `Errors | join kind=inner (${R} | project UserId, Code = ResultCode) on UserId | count`, rows: [[4]] },
  { query: `Errors | join kind=leftouter (${R} | where ResultCode == "500" | project UserId, Code = ResultCode) on UserId | project Message, Code`, rows: [['Timeout talking to db-primary', '500'], ['NullReferenceException in CheckoutService', '500'], ['Timeout talking to cache', '']] },
  { query: `Errors | join kind=leftanti (${R}) on UserId | project UserId`, columns: ['UserId:string'], rows: [['u4']] },
  { query: `Errors | join kind=inner (${R} | project U = UserId, Code = ResultCode) on $left.UserId == $right.U | where Code == "500" | count`, rows: [[2]] },
  // Same-named key columns from the right get a numeric suffix.
  { query: `Errors | take 1 | project UserId | join kind=inner (${R} | project UserId) on UserId | take 1`, columns: ['UserId:string', 'UserId1:string'], rows: [['u1', 'u1']] },
  // --- union
  { query: `union ${R}, Errors | count`, rows: [[8]] },
  { query: `${R} | project UserId | union (Errors | project UserId) | distinct UserId | count`, rows: [[5]] },
  { query: `union Err* | count`, rows: [[3]] },
  // --- parse
  { query: `Errors | parse Message with "Timeout talking to " Target | where isnotempty(Target) | project Target`, columns: ['Target:string'], rows: [['db-primary'], ['cache']] },
  { query: `print s = "took 250 ms on node7" | parse s with "took " Ms:long " ms on " Node`, columns: ['s:string', 'Ms:long', 'Node:string'], rows: [['took 250 ms on node7', 250, 'node7']] },
  { query: `print s = "user=alice id=42" | parse kind=regex s with "user=" User:string " id=" Id:int`, columns: ['s:string', 'User:string', 'Id:int'], rows: [['user=alice id=42', 'alice', 42]] },
  // --- mv-expand (an empty array yields no rows, a null value one row)
  { query: `${R} | mv-expand Tag = Props.tags | project UserId, Tag = tostring(Tag)`, rows: [['u1', 'a'], ['u1', 'b'], ['u2', 'b'], ['', ''], ['u3', '']] },
  { query: `print a = dynamic([1, 2, 3]) | mv-expand a to typeof(long) | summarize sum(a)`, columns: ['sum_a:long'], rows: [[6]] },
  // --- has_any / has_all: whole terms, any or all of the list
  { query: `${R} | where Name has_any ("orders", "health") | count`, rows: [[3]] },
  { query: `${R} | where Name has_all ("post", "checkout") | project UserId`, rows: [['u1'], ['u3']] },
  // --- conditional aggregates: the plain aggregate over the rows where the predicate holds
  { query: `${R} | summarize minif(DurationMs, Success), maxif(DurationMs, Success), sumif(DurationMs, not(Success)), avgif(DurationMs, Success)`, columns: ['minif_DurationMs:real', 'maxif_DurationMs:real', 'sumif_DurationMs:real', 'avgif_DurationMs:real'], rows: [[5, 120, 2460, 62.5]] },
  { query: `${R} | summarize dcountif(UserId, not(Success)), make_set_if(ResultCode, not(Success))`, rows: [[3, ['500', '404']]] },
  // take_any (any): some value of the group; this evaluator takes the first non-null one
  { query: `${R} | where ResultCode == "500" | summarize take_any(Name) by ResultCode | count`, rows: [[1]] },
  // stdev is the sample standard deviation, variancep the population variance
  { query: `${R} | summarize s = round(stdev(DurationMs), 2), v = variancep(DurationMs)`, rows: [[659.84, 348316]] },
  // --- expressions over aggregates in summarize
  { query: `${R} | summarize FailedPct = 100.0 * countif(Success == false) / count() by ResultCode`, rows: [['200', 0], ['500', 100], ['404', 100]] },
  { query: `${R} | summarize AvgMs = round(avg(DurationMs), 1), Spread = max(DurationMs) - min(DurationMs)`, rows: [[517, 1495]] },
  // --- render is ignored, as the REST API does
  { query: `${R} | summarize count() by ResultCode | render piechart`, rows: [['200', 2], ['500', 2], ['404', 1]] },
  // --- * contains: any column, as text
  { query: `${R} | where * contains "checkout" | project UserId`, rows: [['u1'], ['u3']] },
  { query: `${R} | where * has "u3" | count`, rows: [[1]] },
  // --- datetime_diff: calendar boundaries crossed (Kusto's documented examples)
  {
    query: `print y = datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31)), q = datetime_diff('quarter', datetime(2017-07-01), datetime(2017-03-30)), m = datetime_diff('month', datetime(2017-01-01), datetime(2015-12-30)), w = datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)), d = datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)), h = datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59)), mi = datetime_diff('minute', datetime(2017-10-30 23:05:01), datetime(2017-10-30 23:00:59)), s = datetime_diff('second', datetime(2017-10-30 23:00:10.100), datetime(2017-10-30 23:00:00.900))`,
    rows: [[17, 2, 13, 5, 29, 2, 5, 10]],
  },
  // --- parseurl
  { query: `print u = parseurl("https://user:pw@contoso.com:8443/api/orders?id=42&v=2#top") | project Host = tostring(u.Host), Port = tostring(u.Port), Path = tostring(u.Path), Id = tostring(u["Query Parameters"].id), Fragment = tostring(u.Fragment)`, rows: [['contoso.com', '8443', '/api/orders', '42', 'top']] },
];

/** Queries the evaluator must refuse, and the construct the error must name. */
const unsupportedCases: Array<{ query: string; names: string }> = [
  { query: `${R} | make-series count() on Timestamp in range(datetime(2024-05-01), datetime(2024-05-02), 1h)`, names: 'make-series ... in range()' },
  { query: `${R} | evaluate autocluster()`, names: 'evaluate' },
  { query: `${R} | extend h = hash(UserId)`, names: 'hash()' },
  { query: `${R} | extend x = series_decompose(dynamic([1, 2, 3]))`, names: 'series_decompose()' },
  { query: `${R} | top-nested 2 of Name with others = "rest" by count()`, names: 'top-nested with others' },
  { query: `${R} | project s = series_fir(dynamic([1]), dynamic([1]))`, names: 'series_fir()' },
];

export type { ConformanceCase };
export { NOW, requests, errors, cases, unsupportedCases };
