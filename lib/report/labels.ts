/**
 * Short labels of Terraform resource addresses for reports: the resource name plus its key
 * (`huaweicloud_compute_instance.vm["web.v1.2"]` is `vm["web.v1.2"]`), with the module path
 * kept in front (`module.net[0].huaweicloud_compute_instance.vm` is `module.net[0].vm`). The
 * address is parsed, not cut at a dot: a `for_each` key may hold dots, brackets and quotes.
 */

/** One step of an address: a name and, when the step is an instance of a `count` or `for_each`, its key as written (`[0]`, `["a.b"]`). */
export interface AddressStep {
  readonly name: string;
  readonly key: string;
}

/** A parsed resource address. */
export interface ResourceAddress {
  /** The module calls, outermost first (`net[0]` for `module.net[0]`). */
  readonly modules: readonly AddressStep[];
  /** Whether it is a data source (`data.TYPE.NAME`). */
  readonly data: boolean;
  /** The resource type (`huaweicloud_compute_instance`). */
  readonly type: string;
  /** The resource name and its key. */
  readonly resource: AddressStep;
}

/**
 * The end of the bracketed key starting at `text[start]` (`[`): the index after its `]`, or -1
 * when the key is not closed. A quoted key may hold any character, `\"` and `\\` included.
 */
function keyEnd(text: string, start: number): number {
  let i = start + 1;
  if (text[i] === '"') {
    for (i++; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === '"') break;
    }
    if (i >= text.length) return -1;
    i++;
    return text[i] === "]" ? i + 1 : -1;
  }
  const close = text.indexOf("]", i);
  return close === -1 || !/^\d+$/.test(text.slice(i, close)) ? -1 : close + 1;
}

/** The dot-separated steps of an address, each a name and an optional key; undefined when it is not one. */
function steps(text: string): AddressStep[] | undefined {
  const out: AddressStep[] = [];
  let i = 0;
  while (i <= text.length) {
    let j = i;
    while (j < text.length && text[j] !== "." && text[j] !== "[" && text[j] !== "]" && text[j] !== '"') j++;
    const name = text.slice(i, j);
    if (name === "") return undefined;
    let key = "";
    if (text[j] === "[") {
      const end = keyEnd(text, j);
      if (end === -1) return undefined;
      key = text.slice(j, end);
      j = end;
    }
    out.push({ name, key });
    if (j === text.length) return out;
    if (text[j] !== ".") return undefined;
    i = j + 1;
  }
  return undefined;
}

/**
 * Parses a Terraform resource address: `[module.NAME[KEY].]…[data.]TYPE.NAME[KEY]`.
 * @returns the address, or undefined when the text is not one (a literal group id, `internet`)
 */
export function parseResourceAddress(text: string): ResourceAddress | undefined {
  const parts = steps(text);
  if (parts === undefined) return undefined;
  const modules: AddressStep[] = [];
  let i = 0;
  while (parts.length - i > 2 && parts[i].name === "module" && parts[i].key === "") {
    modules.push(parts[i + 1]);
    i += 2;
  }
  let data = false;
  if (parts.length - i === 3 && parts[i].name === "data" && parts[i].key === "") {
    data = true;
    i++;
  }
  if (parts.length - i !== 2 || parts[i].key !== "") return undefined;
  return { modules, data, type: parts[i].name, resource: parts[i + 1] };
}

/**
 * The label of a resource address: the resource name and its key, after the module path and
 * `data.` when there are any (`vm["web.v1.2"]`, `module.net[0].vm`, `data.shared`). Text that is
 * not an address (a literal id) is its own label, never cut.
 */
export function resourceLabel(address: string): string {
  const parsed = parseResourceAddress(address);
  if (parsed === undefined) return address;
  const modules = parsed.modules.map((m) => `module.${m.name}${m.key}.`).join("");
  return `${modules}${parsed.data ? "data." : ""}${parsed.resource.name}${parsed.resource.key}`;
}
