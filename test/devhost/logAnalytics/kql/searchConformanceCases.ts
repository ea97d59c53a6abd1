/**
 * Conformance cases for `search`, `hassuffix`, `parse_xml()` and `parse_url()`, written by hand
 * from the documented semantics (search-operator.md's predicate table, parse-xml-function.md's
 * conversion table). Same tables and `now` as conformanceCases.ts.
 */
import type { ConformanceCase } from './conformanceCases';

const R = 'Requests';

const searchCases: ConformanceCase[] = [
  // --- search: a bare term is `* has` over every table; the output starts with $table.
  // "CheckoutService" is one term, so Errors has no "checkout".
  { query: `search "checkout" | project $table, UserId`, columns: ['$table:string', 'UserId:string'], rows: [['Requests', 'u1'], ['Requests', 'u3']] },
  { query: `search in (Errors) "timeout" | project $table, UserId`, rows: [['Errors', 'u1'], ['Errors', 'u4']] },
  // Column:term restricts the term to one column; terms combine with and/or; `in` accepts wildcards.
  { query: `search in (Req*, Errors) UserId:"u1" and "timeout" | project $table, Message`, rows: [['Errors', 'Timeout talking to db-primary']] },
  { query: `${R} | search UserId == "u2" or Name:"health" | project $table, UserId`, rows: [['Requests', 'u2'], ['Requests', '']] },
  // Wildcards: "x*" hasprefix, "*x" hassuffix, "*x*" contains, "a*b" the regex \ba.*b\b.
  { query: `${R} | search "check*" | project UserId`, rows: [['u1'], ['u3']] },
  { query: `${R} | search "*orders" | project UserId`, rows: [['u1'], ['u2']] },
  { query: `search "*heck*" | count`, rows: [[3]] },
  { query: `search in (Errors) "talk*primary" | project Message`, rows: [['Timeout talking to db-primary']] },
  { query: `search * | count`, rows: [[8]] },
  // A let name is the $table of its rows; a composite source gets a generated name (here its keyword).
  { query: `let Slow = ${R} | where DurationMs > 100; Slow | search "orders" | project $table, UserId`, rows: [['Slow', 'u1'], ['Slow', 'u2']] },
  { query: `union ${R}, Errors | search "u4" | project $table`, rows: [['union']] },
  { query: `search "timeout" | summarize count() by $table`, columns: ['$table:string', 'count_:long'], rows: [['Errors', 2]] },
  // kind=case_sensitive applies to the terms and to the string operators.
  { query: `${R} | search kind=case_sensitive "Checkout" | project UserId`, rows: [['u3']] },
  { query: `${R} | search kind=case_sensitive Name has "checkout" | project UserId`, rows: [['u1']] },
  { query: `${R} | search kind=case_sensitive Name =~ "get /health" | count`, rows: [[0]] },
  { query: `${R} | search Name =~ "get /health" | count`, rows: [[1]] },
  // --- hassuffix: some term ends with the needle
  { query: `${R} | where Name hassuffix "ORDERS" | count`, rows: [[2]] },
  { query: `${R} | where Name hassuffix_cs "ORDERS" | count`, rows: [[0]] },
  // --- parse_xml: the documented conversion table; invalid XML gives null
  {
    query: `print a = parse_xml('<e/>'), b = parse_xml('<e>text</e>'), c = parse_xml('<e name="value" />'), d = parse_xml('<e name="value">text</e>'), e = parse_xml('<e> <a>text</a> <b>text</b> </e>'), f = parse_xml('<e> <a>text</a> <a>text</a> </e>'), g = parse_xml('<e> text <a>text</a> </e>'), h = parse_xml('<e><a>1</a>')`,
    rows: [[{ e: null }, { e: 'text' }, { e: { '@name': 'value' } }, { e: { '@name': 'value', '#text': 'text' } }, { e: { a: 'text', b: 'text' } }, { e: { a: ['text', 'text'] } }, { e: { '#text': 'text', a: 'text' } }, null]],
  },
  // The documented example: a declaration is skipped, elements are read by path.
  { query: `print x = parse_xml('<?xml version="1.0" encoding="UTF-8"?><duration><value>118.0</value><min>100.0</min></duration>') | project v = todouble(x.duration.value), m = todouble(x["duration"]["min"])`, rows: [[118, 100]] },
  { query: `print x = parse_xml('<e>&lt;x&gt; <![CDATA[<y>]]></e>') | project t = tostring(x.e)`, rows: [['<x> <y>']] },
  // --- parse_url is parseurl's newer name
  { query: `print u = parse_url("https://contoso.com:8080/a/b?c=1") | project Host = tostring(u.Host), Port = tostring(u.Port), C = tostring(u["Query Parameters"].c)`, rows: [['contoso.com', '8080', '1']] },
];

export { searchCases };
