import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";

/** One XML element: its local name (prefix dropped), its attributes as written, its children and text. */
export interface XmlElement {
  readonly name: string;
  /** the name as written, with its prefix */
  readonly qname: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** the element's own text, concatenated */
  readonly text: string;
}

/** What the builder writes: an element with attributes and either children or text. */
export interface XmlOut {
  readonly tag: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly children?: readonly XmlOut[];
  readonly text?: string;
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  suppressEmptyNode: false,
  processEntities: true,
});

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
}

const localName = (qname: string): string => qname.slice(qname.indexOf(":") + 1);

function toElement(node: OrderedNode): XmlElement | undefined {
  const qname = Object.keys(node).find((k) => k !== ":@" && k !== "#text");
  if (qname === undefined) return undefined;
  const raw = node[qname];
  const items = Array.isArray(raw) ? (raw as OrderedNode[]) : [];
  const attrs = (node[":@"] as Record<string, string> | undefined) ?? {};
  const children: XmlElement[] = [];
  let text = "";
  for (const item of items) {
    if ("#text" in item) text += String(item["#text"]);
    else {
      const child = toElement(item);
      if (child) children.push(child);
    }
  }
  return { name: localName(qname), qname, attrs, children, text };
}

/** Parses a document into its root element; throws XmlSyntaxError when it is not well-formed XML. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlSyntaxError(`${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const nodes = parser.parse(xml) as OrderedNode[];
  const root = nodes.map(toElement).find((e) => e !== undefined);
  if (!root) throw new XmlSyntaxError("the document has no root element");
  return root;
}

function toOrdered(out: XmlOut): OrderedNode {
  const content: OrderedNode[] = out.children ? out.children.map(toOrdered) : out.text !== undefined && out.text !== "" ? [{ "#text": out.text }] : [];
  const node: OrderedNode = { [out.tag]: content };
  if (out.attrs && Object.keys(out.attrs).length > 0) node[":@"] = out.attrs;
  return node;
}

/** Writes an element tree as a document with an XML declaration; text and attributes are escaped. */
export function buildXml(root: XmlOut): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([toOrdered(root)]) as string}`;
}

export function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name);
}

export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c) => c.name === name);
}

/** The element's xsi:type (any prefix), without its namespace prefix. */
export function xsiType(e: XmlElement): string | undefined {
  const key = Object.keys(e.attrs).find((k) => k.endsWith(":type"));
  return key === undefined ? undefined : localName(e.attrs[key]!);
}
