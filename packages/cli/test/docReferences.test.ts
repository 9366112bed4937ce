import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { anchorsOf, docCitationsOf, relativeLinksOf, repositoryPathsOf } from "./docLinks.js";
import { pop } from "./pop.js";

/**
 * The documents point at what exists: their links, anchors and named paths, the docs/ citations
 * in code comments, the package READMEs (every export named, every example's import exported)
 * and docs/cli.md (every command). The README's commands themselves run in docs.test.ts.
 */

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** The README, docs/ and every package's README, as repository-relative paths. */
async function documents(): Promise<string[]> {
  const found = ["README.md"];
  for (const name of await readdir(join(REPO, "docs"))) if (name.endsWith(".md")) found.push(`docs/${name}`);
  for (const folder of ["packages", "services"]) {
    for (const name of await readdir(join(REPO, folder))) {
      if (existsSync(join(REPO, folder, name, "README.md"))) found.push(`${folder}/${name}/README.md`);
    }
  }
  return found;
}

/**
 * The module names a package exports; a wildcard entry ("./actions/registry/*") stands for
 * each source file its pattern matches.
 */
async function exportedModules(
  root: string,
  manifest: { name: string; exports?: Record<string, { default: string }> },
): Promise<string[]> {
  const modules: string[] = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (!subpath.includes("*")) {
      modules.push(`${manifest.name}${subpath.slice(1)}`);
      continue;
    }
    const source = target.default.replace("./dist/", "src/").replace(/\.js$/, ".ts");
    const [before, after] = source.split("*") as [string, string];
    const folder = before.slice(0, before.lastIndexOf("/"));
    for (const file of await readdir(join(root, folder))) {
      const path = `${folder}/${file}`;
      if (path.startsWith(before) && path.endsWith(after) && !path.endsWith(".test.ts")) {
        modules.push(`${manifest.name}${subpath.slice(1).replace("*", path.slice(before.length, -after.length))}`);
      }
    }
  }
  return modules;
}

/** Every TypeScript, Solidity and circom source of the packages, services and benchmarks. */
async function sourceFiles(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(join(REPO, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!["node_modules", "dist", "build", "artifacts"].includes(entry.name)) await walk(path);
      } else if (/\.(ts|sol|circom)$/.test(entry.name)) {
        found.push(path);
      }
    }
  };
  for (const folder of ["packages", "services", "bench"]) await walk(folder);
  return found;
}

describe("the documents point at what exists", () => {
  it("every relative link reaches a file, and its anchor a heading there", async () => {
    const dead: string[] = [];
    for (const document of await documents()) {
      for (const link of relativeLinksOf(await readFile(join(REPO, document), "utf8"))) {
        const target = link.file === "" ? document : relative(REPO, join(REPO, dirname(document), link.file));
        if (!existsSync(join(REPO, target))) dead.push(`${document}: ${link.target}`);
        else if (link.anchor !== undefined && !anchorsOf(await readFile(join(REPO, target), "utf8")).has(link.anchor)) {
          dead.push(`${document}: ${link.target} (no such heading)`);
        }
      }
    }
    expect(dead).toEqual([]);
  });

  it("every repository path the documents name exists", async () => {
    const missing: string[] = [];
    for (const document of await documents()) {
      for (const path of repositoryPathsOf(await readFile(join(REPO, document), "utf8"))) {
        if (!existsSync(join(REPO, path))) missing.push(`${document}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("every docs/ citation in a source comment names a document and a section that exist", async () => {
    const broken: string[] = [];
    for (const file of await sourceFiles()) {
      for (const citation of docCitationsOf(await readFile(join(REPO, file), "utf8"))) {
        if (!existsSync(join(REPO, citation.file))) {
          broken.push(`${file}: ${citation.text}`);
          continue;
        }
        const anchors = anchorsOf(await readFile(join(REPO, citation.file), "utf8"));
        const found =
          citation.decision !== undefined
            ? [...anchors].some((anchor) => anchor.startsWith(`${citation.decision}-`))
            : citation.anchor === undefined || anchors.has(citation.anchor);
        if (!found) broken.push(`${file}: ${citation.text}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("every package has a README that names each module of its exports map", async () => {
    const unnamed: string[] = [];
    for (const folder of ["packages", "services"]) {
      for (const name of await readdir(join(REPO, folder))) {
        const manifest = JSON.parse(await readFile(join(REPO, folder, name, "package.json"), "utf8"));
        const readme = await readFile(join(REPO, folder, name, "README.md"), "utf8").catch(() => "");
        if (readme === "") unnamed.push(`${folder}/${name}: no README.md`);
        for (const module of await exportedModules(join(REPO, folder, name), manifest)) {
          // A README may group generated modules as "@pop/x/generated/<name>" and list the names.
          const generated = /^(.*\/generated\/)([^/]+)$/.exec(module);
          const named =
            readme.includes(`\`${module}\``) ||
            (generated !== null && readme.includes(`${generated[1]}<`) && readme.includes(`\`${generated[2]}\``));
          if (!named) unnamed.push(`${folder}/${name}: ${module}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
  });

  it("every @pop module the documents' examples import is exported", async () => {
    const exported = new Set<string>();
    for (const folder of ["packages", "services"]) {
      for (const name of await readdir(join(REPO, folder))) {
        const root = join(REPO, folder, name);
        for (const module of await exportedModules(
          root,
          JSON.parse(await readFile(join(root, "package.json"), "utf8")),
        )) {
          exported.add(module);
        }
      }
    }
    const missing: string[] = [];
    for (const document of await documents()) {
      const text = await readFile(join(REPO, document), "utf8");
      for (const match of text.matchAll(/from "(@pop\/[^"]+)"/g)) {
        if (!exported.has(match[1] as string)) missing.push(`${document}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("docs/cli.md lists every command pop --help prints", async () => {
    const help = await pop(["--help"], REPO);
    expect(help.code).toBe(0);
    const commands = [...help.stdout.matchAll(/^ {2}pop ([a-z]+(?: [a-z-]+)?)/gm)].map((m) => `pop ${m[1]}`);
    expect(commands.length).toBeGreaterThan(40);
    const cli = await readFile(join(REPO, "docs/cli.md"), "utf8");
    expect(commands.filter((command) => !cli.includes(command))).toEqual([]);
  });
});
