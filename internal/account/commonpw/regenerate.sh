#!/usr/bin/env bash
# Rebuilds passwords.txt from the "passwords" frequency list of the npm
# package zxcvbn (see README.md). Needs npm and node; works in a temporary
# directory and leaves no download behind.
set -euo pipefail
version="${1:-4.4.2}"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "zxcvbn@$version" >/dev/null
tar xzf "zxcvbn-$version.tgz"
node -e '
const list = require("./package/lib/frequency_lists.js").passwords;
const seen = new Set(), out = [];
for (let p of list) {
  p = p.trim().toLowerCase();
  if (!/^[\x21-\x7e]+$/.test(p) || seen.has(p)) continue; // printable ASCII, no spaces, no repeats
  seen.add(p);
  out.push(p);
}
process.stdout.write(out.join("\n") + "\n");
' >"$here/passwords.txt"
wc -l "$here/passwords.txt"
