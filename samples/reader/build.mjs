// One command builds the reader into dist/: the TypeScript client it uses (when not built yet), a type check, then
// esbuild bundles src/main.ts and src/styles.css into content-hashed files and writes index.html naming them.
//   node build.mjs           production build (npm run build)
//   node build.mjs --serve   rebuild on change and serve dist/ on http://localhost:5173 (npm run dev)
// READER_API_BASE (default: the page's origin) and READER_DIGITS (arab | latn, default arab) go into index.html.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
const client = join(root, "../../clients/typescript");
const serve = process.argv.includes("--serve");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

// The client's dist/ is built from openapi/v1.json and its src/; build it when it is missing or older than either.
const clientOutput = join(client, "dist/index.js");
const clientInputs = [join(root, "../../openapi/v1.json"),
  ...readdirSync(join(client, "src")).filter(name => name.endsWith(".ts")).map(name => join(client, "src", name))];
if (!existsSync(clientOutput) || clientInputs.some(input => statSync(input).mtimeMs > statSync(clientOutput).mtimeMs)) {
  if (!existsSync(join(client, "node_modules"))) execFileSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: client, stdio: "inherit" });
  execFileSync(npm, ["run", "build"], { cwd: client, stdio: "inherit" });
}
execFileSync(join(root, "node_modules/.bin/tsc"), ["--noEmit", "-p", root], { stdio: "inherit" });

const digits = process.env.READER_DIGITS === "latn" ? "latn" : "arab";
const apiBase = process.env.READER_API_BASE ?? "";
const attribute = value => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

const writePage = {
  name: "index.html",
  setup(build) {
    build.onEnd(result => {
      if (result.errors.length || !result.metafile) return;
      const outputs = Object.entries(result.metafile.outputs);
      const named = entry => relative(dist, join(root, outputs.find(([, output]) => output.entryPoint === entry)[0]));
      const page = readFileSync(join(root, "index.html"), "utf8")
        .replace("%API_BASE%", attribute(apiBase))
        .replace("%DIGITS%", digits)
        .replace("%SCRIPT%", named("src/main.ts"))
        .replace("%STYLES%", named("src/styles.css"));
      writeFileSync(join(dist, "index.html"), page);
      for (const [file] of outputs.filter(([file]) => /\.(js|css)$/.test(file))) {
        const bytes = readFileSync(join(root, file));
        console.log(`${relative(root, file)}: ${(bytes.length / 1024).toFixed(1)} KiB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`);
      }
    });
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const options = {
  absWorkingDir: root,
  entryPoints: ["src/main.ts", "src/styles.css"],
  outdir: "dist/assets",
  entryNames: "[name]-[hash]",
  bundle: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox115", "safari16"],
  minify: !serve,
  sourcemap: serve ? "inline" : false,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  plugins: [writePage],
};
if (serve) {
  const context = await esbuild.context(options);
  await context.watch();
  const { port } = await context.serve({ servedir: dist, port: 5173 });
  console.log(`reader: http://localhost:${port}/ (API: ${apiBase || "this origin"})`);
} else {
  await esbuild.build(options);
}
