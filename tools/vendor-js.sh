#!/usr/bin/env bash
# Rebuild the JavaScript the web pages load, in src/tellers/web/static/vendor/:
#
#   plotly.min.js   plotly.js's core with only the bar and Sankey traces (the pages draw
#                   nothing else), bundled from the plotly.js package with esbuild as
#                   plotly.js's own build does (its CUSTOM_BUNDLE.md), but without a
#                   clone of its repository
#   htmx.min.js     htmx as its package ships it
#
# and the licence of each, with those of every package bundled into plotly.min.js.
# Needs node and npm (the npm registry); run from anywhere:  bash tools/vendor-js.sh
set -euo pipefail

PLOTLY=4.1.1
HTMX=2.0.3
ESBUILD=0.25.12

here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/src/tellers/web/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "plotly.js@$PLOTLY" "htmx.org@$HTMX" "esbuild@$ESBUILD"

cat > entry.js <<'JS'
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/sankey")]);
module.exports = Plotly;
JS
node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
  --target=es2016 --define:global=window --define:define.amd=false --loader:.css=empty \
  --legal-comments=none --metafile=meta.json --log-level=warning --outfile=plotly.min.js

mkdir -p "$out"
{
  printf '/* plotly.js v%s (MIT), core + bar + sankey; built by tools/vendor-js.sh.\n' "$PLOTLY"
  printf '   Licences: plotly.LICENSES.txt */\n'
  cat plotly.min.js
} > "$out/plotly.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$out/htmx.LICENSE.txt"

# The licence of every package whose code is in the bundle, plotly.js first.
node - "$out/plotly.LICENSES.txt" <<'JS'
const fs = require("fs"), path = require("path");
const meta = require(path.resolve("meta.json"));
const used = new Set();
for (const file of Object.keys(meta.outputs["plotly.min.js"].inputs)) {
  const at = file.lastIndexOf("node_modules/");
  if (at < 0) continue;
  const parts = file.slice(at + 13).split("/");
  used.add(parts[0].startsWith("@") ? parts[0] + "/" + parts[1] : parts[0]);
}
const names = [...used].sort((a, b) => (a === "plotly.js" ? -1 : b === "plotly.js" ? 1 : a.localeCompare(b)));
let text = "The packages bundled into plotly.min.js, with their licences.\n";
for (const name of names) {
  const dir = path.join("node_modules", name);
  const pkg = require(path.resolve(dir, "package.json"));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  text += `\n${"=".repeat(78)}\n${name} ${pkg.version} (${pkg.license || "see below"})\n${"=".repeat(78)}\n\n`;
  text += file ? fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n" : "(no licence file in the package)\n";
}
fs.writeFileSync(process.argv[2], text);
JS
ls -l "$out"
