/**
 * What `check` and `diff` add for CI on plain Terraform: where each block is written (for SARIF
 * locations), the suppressions written next to the code, and baseline files read and written.
 */
import * as fs from "fs";
import * as path from "path";
import { Baseline, baselineOf, baselineText } from "../analysis/baseline";
import { Finding } from "../analysis/findings";
import { SuppressionResult, applySuppressions, strayNoteWarning } from "../analysis/suppression";
import { HwsgError } from "../core/errors";
import { SarifContext } from "../report/sarif";
import { BlockLocations, readBlockLocations } from "../terraform/sources/block-locations";
import { parseTerraformJson } from "../terraform/sources/json-file";
import { readSourceText } from "../terraform/sources/source-file";
import { hwsgVersion } from "./version";

/** A file as the reader named it, relative to the working directory, `/`-separated. */
export function relativeToCwd(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/");
}

/** The blocks of the files a model was read from (none for a plan or a state). */
export function blocksOf(files: readonly string[]): BlockLocations {
  return readBlockLocations(files);
}

/** The SARIF context of one configuration's blocks. */
export function sarifContext(blocks: BlockLocations): SarifContext {
  return {
    toolVersion: hwsgVersion(),
    locate: (address) => {
      const site = blocks.locate(address);
      return site ? { file: relativeToCwd(site.file), line: site.line } : undefined;
    },
    relativeFile: relativeToCwd,
  };
}

/** The suppressions written next to the code, applied to the findings. */
export function suppress(findings: readonly Finding[], blocks: BlockLocations): SuppressionResult {
  const applied = applySuppressions(findings, blocks.sites, (address) => blocks.locate(address));
  return { findings: applied.findings, warnings: [...applied.warnings, ...blocks.strayNotes.map(strayNoteWarning)] };
}

/**
 * Reads a baseline file (`--baseline`): strict JSON (the reader's: line and column of a syntax
 * error, duplicate keys refused, size bounded), then the baseline's fields.
 * @throws HwsgError naming `--baseline`, the file and the field
 */
export function readBaseline(file: string): Baseline {
  try {
    const text = readSourceText(file);
    // A top-level value other than an object is the baseline's to name (the JSON reader speaks of Terraform).
    if (/\S/.exec(text)?.[0] !== "{") {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (value !== undefined) return baselineOf(file, value);
    }
    return baselineOf(file, parseTerraformJson(file, text).value);
  } catch (e) {
    if (e instanceof HwsgError) throw new HwsgError(`--baseline ${e.message}`);
    throw e;
  }
}

/**
 * Writes a baseline file (`--write-baseline`) holding the ids of the findings given.
 * @throws HwsgError naming the file when it cannot be written
 */
export function writeBaseline(file: string, ids: Iterable<string>): void {
  try {
    fs.writeFileSync(file, baselineText(ids));
  } catch (e) {
    throw new HwsgError(`--write-baseline ${file}: cannot be written: ${(e as Error).message}`);
  }
}
