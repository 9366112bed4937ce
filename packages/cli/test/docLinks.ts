/**
 * What a Markdown document points at, for the docs test: its relative links (with their
 * anchors), the anchors its headings make, and the repository paths it names in code spans.
 * A renamed file or heading then fails a test instead of leaving a dead link.
 */

/** A relative link: the file part (empty for a link within the document) and the anchor. */
export type RelativeLink = { target: string; file: string; anchor: string | undefined };

/**
 * The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens.
 * @param heading the heading's text, without the leading #s
 * @returns the anchor, without "#"
 */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** Lines outside fenced code blocks. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced) lines.push(line);
  }
  return lines;
}

/**
 * The anchors of a document's headings.
 * @param markdown the document
 * @returns the set of anchors
 */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (heading !== null) anchors.add(headingAnchor(heading[1] as string));
  }
  return anchors;
}

/**
 * The relative links of a document (`[text](target)`, not http(s) or mailto).
 * @param markdown the document
 * @returns each link's target split into file and anchor
 */
export function relativeLinksOf(markdown: string): RelativeLink[] {
  const links: RelativeLink[] = [];
  for (const line of proseLines(markdown)) {
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] as string;
      if (/^(https?|mailto):/.test(target)) continue;
      const [file, anchor] = target.split("#", 2) as [string, string | undefined];
      links.push({ target, file, anchor });
    }
  }
  return links;
}

/**
 * The repository paths a document names in code spans, such as `packages/core/src/errors.ts`
 * (an anchor after the path is dropped).
 * @param markdown the document
 * @returns the paths, in order
 */
export function repositoryPathsOf(markdown: string): string[] {
  const paths: string[] = [];
  for (const line of proseLines(markdown)) {
    for (const match of line.matchAll(/`((?:packages|services|bench|test-vectors|docs)\/[^`\s]*)`/g)) {
      paths.push((match[1] as string).split("#")[0] as string);
    }
  }
  return paths;
}

/** A place in docs/ that a code comment cites. */
export type DocCitation = { text: string; file: string; anchor: string | undefined; decision: number | undefined };

/**
 * The docs/ citations in source text: `docs/<file>.md`, then optionally `#<anchor>`,
 * `, "<Heading>"` or (for the architecture's decisions) `, decision <N>`.
 * @param source a source file's text
 * @returns each citation, with the anchor it names (a quoted heading turned into its anchor)
 */
export function docCitationsOf(source: string): DocCitation[] {
  const citations: DocCitation[] = [];
  const pattern = /docs\/([a-z-]+\.md)(?:#([a-z0-9-]+)|, "([^"]+)"|, decision (\d+))?/g;
  for (const match of source.matchAll(pattern)) {
    const [text, file, anchor, heading, decision] = match as unknown as [string, string, string?, string?, string?];
    citations.push({
      text,
      file: `docs/${file}`,
      anchor: anchor ?? (heading === undefined ? undefined : headingAnchor(heading)),
      decision: decision === undefined ? undefined : Number(decision),
    });
  }
  return citations;
}
