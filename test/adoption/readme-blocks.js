"use strict";
// The README's user path as files: every fenced block preceded by a line
// `<!-- adoption: <file> -->` is the content of <file> in the adoption test's app.

const MARK = /^<!-- adoption: ([A-Za-z0-9._-]+) -->$/;

/**
 * The marked blocks of a Markdown text, by file name, in order.
 * @param {string} markdown
 * @returns {Map<string, string>}
 */
function readmeBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const files = new Map();
  for (let i = 0; i < lines.length; i++) {
    const mark = MARK.exec(lines[i]);
    if (!mark) continue;
    const fence = /^(```+)\w*$/.exec(lines[i + 1] || "");
    if (!fence) throw new Error(`README line ${i + 1}: the adoption mark for ${mark[1]} is not followed by a fenced code block`);
    const end = lines.findIndex((l, j) => j > i + 1 && l === fence[1]);
    if (end < 0) throw new Error(`README line ${i + 2}: the code block of ${mark[1]} is not closed`);
    if (files.has(mark[1])) throw new Error(`README line ${i + 1}: ${mark[1]} is marked twice`);
    files.set(mark[1], `${lines.slice(i + 2, end).join("\n")}\n`);
  }
  return files;
}

/**
 * The blocks as the app of one core has them: the README writes `from "cdktf"` and says
 * `// or "cdktn"`; a cdktn app imports from cdktn.
 * @param {Map<string, string>} files
 * @param {"cdktf" | "cdktn"} core
 */
function forCore(files, core) {
  const out = new Map();
  for (const [name, text] of files) out.set(name, text.split('from "cdktf"; // or "cdktn"').join(`from "${core}";`));
  return out;
}

module.exports = { readmeBlocks, forCore };
