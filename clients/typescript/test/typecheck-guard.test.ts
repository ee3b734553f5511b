// The build's guard against drift: the client's source is type-checked against types generated from openapi/v1.json,
// so a document whose routes no longer match the client's calls fails `tsc`. The build itself shows that the current
// document passes (`npm run build` generates and compiles); this shows, on a copy of the source, that types generated
// from a copy of the document with one route the client calls renamed fail, on that route's calls.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";

// Compiled to build/test/: the package is two levels up, the repository four.
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const documentPath = fileURLToPath(new URL("../../../../openapi/v1.json", import.meta.url));
const renamed = { from: "/api/v1/articles/{slug}/comments", to: "/api/v1/articles/{slug}/remarks" };

/** Type-checks a copy of src/ whose generated types come from `document`; resolves to tsc's exit code and output. */
async function typeCheckAgainst(document: { paths: Record<string, unknown> }): Promise<{ code: number; output: string }> {
  // Inside the package, so that the copy resolves openapi-fetch from its node_modules.
  await mkdir(join(packageRoot, "build"), { recursive: true });
  const folder = await mkdtemp(join(packageRoot, "build", "guard-"));
  try {
    await cp(join(packageRoot, "src"), join(folder, "src"), {
      recursive: true,
      filter: source => !source.includes(join("src", "generated")),
    });
    await mkdir(join(folder, "src", "generated"));
    await writeFile(join(folder, "src", "generated", "v1.ts"), astToString(await openapiTS(document as never)));
    const settings = JSON.parse(await readFile(join(packageRoot, "tsconfig.json"), "utf8"));
    settings.compilerOptions = { ...settings.compilerOptions, noEmit: true };
    await writeFile(join(folder, "tsconfig.json"), JSON.stringify(settings));
    const tsc = join(packageRoot, "node_modules", "typescript", "bin", "tsc");
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [tsc, "-p", join(folder, "tsconfig.json")]);
      return { code: 0, output: stdout };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string };
      return { code: failure.code ?? -1, output: failure.stdout ?? String(error) };
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

test("a document with a route the client calls renamed fails the type check", async () => {
  const document = JSON.parse(await readFile(documentPath, "utf8"));
  assert.ok(document.paths[renamed.from], `${renamed.from} is in the document`);
  document.paths = Object.fromEntries(Object.entries(document.paths as Record<string, unknown>)
    .map(([path, item]) => [path === renamed.from ? renamed.to : path, item]));

  const result = await typeCheckAgainst(document);
  assert.notEqual(result.code, 0, "tsc accepted calls to a route the document no longer has");
  assert.match(result.output, /src\/client\.ts\(\d+,\d+\): error TS\d+/);
  assert.ok(result.output.includes(renamed.from), result.output);
});
