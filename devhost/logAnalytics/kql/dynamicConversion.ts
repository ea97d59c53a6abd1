/**
 * Scalars inside dynamic values. Kusto keeps a datetime or timespan inside a dynamic array as its
 * text (`"2017-01-01T00:00:00.0000000Z"`, `"01:00:00"`), so series built by `make-series` carry
 * that text, and `mv-expand ... to typeof(datetime)` or `todatetime()` turn it back into a value.
 */
import type { KustoScalarType } from '../../../shared/kql';
import { formatTimespan, parseDateTime, parseTimespan, type KqlValue } from './kqlValues';

/** Kusto's JSON text of a datetime: always seven fractional digits. */
function dynamicDateTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.fffZ
  return `${iso.slice(0, -1)}0000Z`;
}

/** The element a scalar of static type `type` becomes inside a dynamic value. */
function toDynamicElement(value: KqlValue, type: KustoScalarType): KqlValue {
  if (value === null) return null;
  if (type === 'datetime' && typeof value === 'number') return dynamicDateTime(value);
  if (type === 'timespan' && typeof value === 'number') return formatTimespan(value);
  return value;
}

/** A dynamic element converted to `type` (as `mv-expand ... to typeof(type)` does); null when it does not convert. */
function fromDynamicElement(value: KqlValue, type: KustoScalarType): KqlValue {
  if (value === null || type === 'dynamic') return value;
  switch (type) {
    case 'datetime':
      return typeof value === 'string' ? parseDateTime(value) : typeof value === 'number' ? value : null;
    case 'timespan':
      return typeof value === 'string' ? parseTimespan(value) : typeof value === 'number' ? value : null;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(number)) return null;
      return type === 'int' || type === 'long' ? Math.trunc(number) : number;
    }
    case 'bool':
      return typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : null;
    case 'string':
    case 'guid':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export { dynamicDateTime, toDynamicElement, fromDynamicElement };
