/**
 * parse_xml(): XML text to a dynamic value with Kusto's documented mapping. An element becomes
 * `{name: value}`; its value is null when empty, its text when it has only text, otherwise a bag
 * of `@attribute` entries, child elements (repeated names become arrays) and `#text`. Only
 * elements, attributes and text (CDATA included) are kept; invalid XML gives null.
 */
import type { KqlValue } from './kqlValues';

type Bag = { [key: string]: KqlValue };

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

class XmlReader {
  private at = 0;

  public constructor(private readonly text: string) {}

  /** The document's root element as `{name: value}`; throws on malformed input. */
  public document(): Bag {
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.at !== this.text.length) throw new Error('content after the root element');
    return { [root.name]: root.value };
  }

  // Whitespace, the XML declaration, processing instructions, comments and a doctype.
  private skipMisc(): void {
    for (;;) {
      const rest = this.text.slice(this.at);
      const skipped = /^(\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)/.exec(rest);
      if (!skipped) return;
      this.at += skipped[0].length;
    }
  }

  private element(): { name: string; value: KqlValue } {
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(this.text.slice(this.at));
    if (!open) throw new Error(`expected an element at offset ${this.at}`);
    this.at += open[0].length;
    const name = open[1]!;
    const attributes: Bag = {};
    for (const attribute of open[2]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[`@${attribute[1]}`] = decodeEntities(attribute[2] ?? attribute[3] ?? '');
    }
    const children: Bag = {};
    let text = '';
    const repeated = new Set<string>();
    if (open[3] !== '/') {
      for (;;) {
        const rest = this.text.slice(this.at);
        if (rest.startsWith(`</`)) {
          const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(rest);
          if (!close || close[1] !== name) throw new Error(`mismatched end tag for ${name}`);
          this.at += close[0].length;
          break;
        }
        const skipped = /^(<!--[\s\S]*?-->|<\?[\s\S]*?\?>)/.exec(rest);
        if (skipped) { this.at += skipped[0].length; continue; }
        const cdata = /^<!\[CDATA\[([\s\S]*?)\]\]>/.exec(rest);
        if (cdata) { text += cdata[1]; this.at += cdata[0].length; continue; }
        if (rest.startsWith('<')) {
          const child = this.element();
          // A repeated child name collects its values into an array.
          if (repeated.has(child.name)) (children[child.name] as KqlValue[]).push(child.value);
          else if (Object.prototype.hasOwnProperty.call(children, child.name)) {
            children[child.name] = [children[child.name]!, child.value];
            repeated.add(child.name);
          } else children[child.name] = child.value;
          continue;
        }
        const chunk = /^[^<]+/.exec(rest);
        if (!chunk) throw new Error(`unterminated element ${name}`);
        text += decodeEntities(chunk[0]);
        this.at += chunk[0].length;
      }
    }
    const trimmed = text.trim();
    if (Object.keys(children).length === 0 && Object.keys(attributes).length === 0) return { name, value: trimmed === '' ? null : trimmed };
    // Attributes, then the text, then the child elements, in the documented order.
    return { name, value: { ...attributes, ...(trimmed === '' ? {} : { '#text': trimmed }), ...children } };
  }
}

/** Converts XML text to Kusto's dynamic form, or null when it is not well-formed XML. */
function parseXml(text: string): KqlValue {
  try {
    return new XmlReader(text).document();
  } catch {
    return null;
  }
}

export { parseXml };
