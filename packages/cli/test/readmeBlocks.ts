/**
 * Reads the command blocks of a Markdown document, for the docs test: every ```sh block in
 * order, with the section it sits in and how it is marked. An HTML comment on the line right
 * before a block marks it: `<!-- docs-test: chain -->` (it starts a chain the reader keeps
 * running; the test starts its own) or `<!-- docs-test: skip (why) -->` (it needs a person, or
 * something the test cannot give). Any other block runs.
 */

/** How a block is run. */
export type BlockMark = { kind: "run" } | { kind: "chain" } | { kind: "skip"; reason: string };

/** One ```sh block. */
export type CommandBlock = {
  /** Its position among the document's sh blocks, from 0. */
  index: number;
  /** The `##` heading it sits under, and the `###` heading when there is one. */
  section: string;
  subsection: string | undefined;
  /** The line of its opening fence, from 1. */
  line: number;
  code: string;
  mark: BlockMark;
};

const MARK = /^<!-- docs-test: (chain|skip \((.+)\)) -->$/;

/**
 * Splits a Markdown document into its sh blocks.
 * @param markdown the document
 * @returns the blocks, in order
 * @throws when a docs-test comment is malformed or not right before an sh block, when a fence
 *   has no language, or when a block is not closed: a marker that silently does nothing
 *   would let a block escape the test
 */
export function readCommandBlocks(markdown: string): CommandBlock[] {
  const lines = markdown.split("\n");
  const blocks: CommandBlock[] = [];
  let section = "";
  let subsection: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("## ")) [section, subsection] = [line.slice(3).trim(), undefined];
    else if (line.startsWith("### ")) subsection = line.slice(4).trim();
    if (line.startsWith("<!-- docs-test")) {
      if (!MARK.test(line)) throw new Error(`line ${i + 1}: malformed docs-test comment: ${line}`);
      if (lines[i + 1] !== "```sh")
        throw new Error(`line ${i + 1}: a docs-test comment must come right before a sh block`);
    }
    const fence = /^```(.*)$/.exec(line);
    if (fence === null) continue;
    const language = (fence[1] as string).trim();
    if (language === "") throw new Error(`line ${i + 1}: a code block without a language`);
    const end = lines.findIndex((candidate, j) => j > i && candidate === "```");
    if (end === -1) throw new Error(`line ${i + 1}: a code block that is never closed`);
    if (language === "sh") {
      const marked = MARK.exec(lines[i - 1] ?? "");
      const mark: BlockMark =
        marked === null
          ? { kind: "run" }
          : marked[1] === "chain"
            ? { kind: "chain" }
            : { kind: "skip", reason: marked[2] as string };
      blocks.push({
        index: blocks.length,
        section,
        subsection,
        line: i + 1,
        code: lines.slice(i + 1, end).join("\n"),
        mark,
      });
    }
    i = end;
  }
  return blocks;
}

/**
 * Parses the JSON values a run of commands printed one after another (each pretty-printed).
 * @param text the output
 * @returns the values, in order
 * @throws when the text holds anything but JSON objects and arrays separated by whitespace
 */
export function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"' && depth > 0) {
      inString = true;
    } else if (char === "{" || char === "[") {
      if (depth === 0) start = i;
      depth++;
    } else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    } else if (depth === 0 && !/\s/.test(char as string)) {
      throw new Error(`not JSON output at offset ${i}: ${text.slice(i, i + 80)}`);
    }
  }
  if (depth !== 0) throw new Error("the output ends inside a JSON value");
  return values;
}
