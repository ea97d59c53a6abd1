/**
 * KQL `join` with the flavors the evaluator supports. The default flavor is `innerunique`,
 * which (as documented) first removes duplicate keys from the left side, keeping one row per
 * key, then matches like `inner`. Output: left columns then right columns, names from the analyser.
 */
import { syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { KqlUnsupportedError } from './kqlErrors';
import { childOfClass, columnIndex, columnsOfType, firstSeparatedList, namedParameters, nodeChildren, type KqlFrame } from './kqlFrame';
import { groupKey, type KqlValue } from './kqlValues';

const SUPPORTED_KINDS = new Set(['innerunique', 'inner', 'leftouter', 'leftanti', 'leftsemi', 'rightanti', 'rightsemi', 'fullouter', 'rightouter']);

interface KeyPair {
  left: number;
  right: number;
}

/** Joins `left` with the evaluated right side of a `JoinOperator` node. */
function join(left: KqlFrame, right: KqlFrame, node: KustoSyntaxNode): KqlFrame {
  const kind = (namedParameters(node).get('kind') ?? 'innerunique').toLowerCase();
  if (!SUPPORTED_KINDS.has(kind)) throw new KqlUnsupportedError(`join kind=${kind}`);
  if (childOfClass(node, 'JoinWhereClause')) throw new KqlUnsupportedError('join ... where (non-equality join)');
  const columns = columnsOfType(node.ResultType, node);
  const pairs = keyPairs(node, left, right);
  const keyOf = (row: KqlValue[], side: 'left' | 'right'): string | null => {
    const values = pairs.map((pair) => row[pair[side]] ?? null);
    // A null key matches nothing, as in SQL equality.
    return values.some((value) => value === null) ? null : groupKey(values);
  };

  let leftRows = left.rows;
  if (kind === 'innerunique') {
    const seen = new Set<string | null>();
    leftRows = leftRows.filter((row) => {
      const key = keyOf(row, 'left');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const rightByKey = new Map<string, KqlValue[][]>();
  for (const row of right.rows) {
    const key = keyOf(row, 'right');
    if (key === null) continue;
    const bucket = rightByKey.get(key);
    if (bucket) bucket.push(row);
    else rightByKey.set(key, [row]);
  }
  const nullRight = right.columns.map(() => null);
  const nullLeft = left.columns.map(() => null);
  const rows: KqlValue[][] = [];
  const matchedRight = new Set<KqlValue[]>();
  for (const row of leftRows) {
    const key = keyOf(row, 'left');
    const matches = key === null ? undefined : rightByKey.get(key);
    switch (kind) {
      case 'leftanti':
        if (!matches) rows.push(row);
        break;
      case 'leftsemi':
        if (matches) rows.push(row);
        break;
      case 'rightanti':
      case 'rightsemi':
        for (const match of matches ?? []) matchedRight.add(match);
        break;
      default:
        if (matches) {
          for (const match of matches) { rows.push([...row, ...match]); matchedRight.add(match); }
        } else if (kind === 'leftouter' || kind === 'fullouter') {
          rows.push([...row, ...nullRight]);
        }
    }
  }
  if (kind === 'rightanti' || kind === 'rightsemi') {
    for (const row of right.rows) if (matchedRight.has(row) === (kind === 'rightsemi')) rows.push(row);
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (const row of right.rows) if (!matchedRight.has(row)) rows.push([...nullLeft, ...row]);
  }
  const width = rows[0]?.length ?? columns.length;
  if (width !== columns.length) throw new KqlUnsupportedError(`join output shape of '${node.ToString().trim()}'`);
  // Kusto strings are never null: unmatched sides of outer joins hold empty strings.
  const stringColumns = columns.map((column, i) => (column.type === 'string' ? i : -1)).filter((i) => i >= 0);
  for (const row of rows) for (const i of stringColumns) if (row[i] === null) row[i] = '';
  return { columns, rows };
}

// `on Key`, `on Key1, Key2`, `on $left.A == $right.B` (and mixtures).
function keyPairs(node: KustoSyntaxNode, left: KqlFrame, right: KqlFrame): KeyPair[] {
  const onClause = childOfClass(node, 'JoinOnClause');
  if (!onClause) throw new KqlUnsupportedError('join without an on clause');
  const leftIndex = columnIndex(left.columns);
  const rightIndex = columnIndex(right.columns);
  const find = (index: Map<string, number>, name: string): number => {
    const at = index.get(name);
    if (at === undefined) throw new KqlUnsupportedError(`join key '${name}'`);
    return at;
  };
  const pairs: KeyPair[] = [];
  const conditions: KustoSyntaxNode[] = [];
  const flatten = (condition: KustoSyntaxNode): void => {
    if (syntaxClassName(condition) === 'BinaryExpression' && condition.GetChild(1)?.Text === 'and') {
      for (const part of nodeChildren(condition)) flatten(part);
    } else conditions.push(condition);
  };
  firstSeparatedList(onClause).forEach(flatten);
  for (const condition of conditions) {
    const className = syntaxClassName(condition);
    if (className === 'NameReference') {
      const name = condition.ToString().trim();
      pairs.push({ left: find(leftIndex, name), right: find(rightIndex, name) });
      continue;
    }
    if (className === 'BinaryExpression' && condition.GetChild(1)?.Text === '==') {
      const sides = nodeChildren(condition).map((side) => {
        const [scope, name] = nodeChildren(side).map((part) => part.ToString().trim());
        return { scope, name: name ?? '' };
      });
      const leftSide = sides.find((side) => side.scope === '$left');
      const rightSide = sides.find((side) => side.scope === '$right');
      if (leftSide && rightSide) {
        pairs.push({ left: find(leftIndex, leftSide.name), right: find(rightIndex, rightSide.name) });
        continue;
      }
    }
    throw new KqlUnsupportedError(`join condition '${condition.ToString().trim()}'`);
  }
  return pairs;
}

export { join };
