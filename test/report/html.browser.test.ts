/**
 * The HTML reports in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) opens the generated file with JavaScript disabled and every network request
 * aborted, and checks that the matrix table and the SVG diagram render: the expected rows and
 * cells, one visible node per matrix node with no two overlapping, one edge per cell, and not one
 * request beyond the file itself. A missing Chromium fails the test, saying how to install it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { Browser, BrowserContext, Page, chromium } from "playwright-core";
import { renderCheckHtml, renderDiffHtml, renderMatrixHtml } from "../../lib/report";
import { EVIL, WEB_GROUP, sampleCheckReport, sampleDiffReport, sampleMatrixReport } from "./fixtures";

jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const INSTALL = "apt-get install -y --no-install-recommends chromium";

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

let browser: Browser | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-report-"));

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the HTML report is tested in a real browser. Install it with \`${INSTALL}\` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.`);
  }
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  } catch (e) {
    throw new Error(`Chromium at ${CHROMIUM} did not start (${(e as Error).message.split("\n")[0]}); install it with \`${INSTALL}\` or set CHROMIUM_PATH.`);
  }
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A page of a fresh context, JavaScript disabled, every request but the file's aborted and recorded. */
async function open(name: string, html: string): Promise<{ page: Page; context: BrowserContext; requests: string[] }> {
  if (!browser) throw new Error("no browser");
  const file = path.join(dir, name);
  fs.writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: "load" });
  return { page, context, requests };
}

async function boxOf(page: Page, selector: string, index: number): Promise<Box> {
  const box = await page.locator(selector).nth(index).boundingBox();
  if (box === null) throw new Error(`${selector} #${index} is not rendered`);
  return box;
}

describe("the matrix page in Chromium", () => {
  const report = sampleMatrixReport();
  const { nodes, cells } = report.matrix;
  let page: Page;
  let context: BrowserContext;
  let requests: string[];

  beforeAll(async () => {
    ({ page, context, requests } = await open("matrix.html", renderMatrixHtml(report)));
  });
  afterAll(async () => context?.close());

  it("shows the matrix table: a row per node, the cells' services, titles with the example and rule", async () => {
    const rows = page.locator("table.matrix tbody tr");
    expect(await rows.count()).toBe(nodes.length);
    const rowNames = await page.locator("table.matrix tbody th").evaluateAll((ths) => ths.map((th) => th.getAttribute("data-id")));
    expect(rowNames).toEqual(nodes.map((n) => n.id));
    const colNames = await page.locator("table.matrix thead th[scope=col]").evaluateAll((ths) => ths.map((th) => th.getAttribute("data-id")));
    expect(colNames).toEqual(nodes.map((n) => n.id));
    const cell = (from: number, to: number) => rows.nth(from).locator("td").nth(to);
    const col = (id: string) => nodes.findIndex((n) => n.id === id);
    // web1 → app1, db1 → app1 (with the malicious example, shown as text), internet → web["edge\"1"] (incomplete).
    expect(await cell(col("huaweicloud_compute_instance.web1"), col("huaweicloud_compute_instance.app1")).innerText()).toBe("tcp 8080");
    const ssh = cell(col("huaweicloud_compute_instance.db1"), col("huaweicloud_compute_instance.app1"));
    expect(await ssh.innerText()).toBe("tcp 22");
    expect(await ssh.getAttribute("title")).toBe(`db1 → app1\nexample: tcp port 22 ${EVIL} "quoted"\nrule: huaweicloud_networking_secgroup_rule.app_ssh`);
    const partial = cell(col("internet"), col(WEB_GROUP));
    expect((await partial.innerText()).split("\n")).toEqual(["tcp 80, 443", "(some addresses)"]);
    expect(await page.locator("table.matrix td.reach, table.matrix td.partial").count()).toBe(cells.length);
    expect(await page.locator("table.matrix td.self").count()).toBe(nodes.length);
    await expect(page.locator("script").count()).resolves.toBe(0);
  });

  it("shows the SVG diagram: one visible node per matrix node, none overlapping, one edge per cell", async () => {
    const svg = page.locator("svg.diagram-svg");
    expect(await svg.count()).toBe(1);
    expect(await svg.isVisible()).toBe(true);
    const svgBox = await boxOf(page, "svg.diagram-svg", 0);
    expect(svgBox.width).toBeGreaterThan(300);
    expect(svgBox.height).toBeGreaterThan(100);

    const nodeGroups = page.locator("svg.diagram-svg g.node");
    expect(await nodeGroups.count()).toBe(nodes.length);
    const keys = await nodeGroups.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-key")));
    expect(keys).toEqual(nodes.map((n) => n.id));
    const boxes: Box[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const box = await boxOf(page, "svg.diagram-svg g.node rect", i);
      expect(box.width).toBeGreaterThan(0);
      expect(box.height).toBeGreaterThan(0);
      expect(box.x).toBeGreaterThanOrEqual(svgBox.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(svgBox.x + svgBox.width + 1);
      boxes.push(box);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
    const labels = await page.locator("svg.diagram-svg g.node text").allTextContents();
    expect(labels).toEqual(["app1", "db1", "web1", "group app", "group db", `group web["edge\\"1"]`, "internet"]);

    const edges = page.locator("svg.diagram-svg g.edge");
    expect(await edges.count()).toBe(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const box = await boxOf(page, "svg.diagram-svg g.edge path", i);
      expect(box.width + box.height).toBeGreaterThan(0);
    }
    const ends = await edges.evaluateAll((gs) => gs.map((g) => [g.getAttribute("data-from"), g.getAttribute("data-to")]));
    expect(ends).toEqual(cells.map((c) => [c.from, c.to]));
    expect(await page.locator("svg.diagram-svg g.edge-label text").count()).toBe(cells.length);
    expect(await page.locator("svg.diagram-svg g.edge-label text").first().isVisible()).toBe(true);
  });

  it("made no network request", () => {
    expect(requests).toEqual([]);
  });
});

describe("the diff and check pages in Chromium", () => {
  it("draws the changed edges and lists the changes", async () => {
    const report = sampleDiffReport();
    const { page, context, requests } = await open("diff.html", renderDiffHtml(report));
    try {
      const changes = report.diff.newlyAllowed.length + report.diff.newlyDenied.length;
      expect(await page.locator("table.changes tbody tr").count()).toBe(changes);
      expect(await page.locator("svg.diagram-svg g.edge.edge-newly-allowed").count()).toBe(report.diff.newlyAllowed.length);
      expect(await page.locator("svg.diagram-svg g.edge.edge-newly-denied").count()).toBe(report.diff.newlyDenied.length);
      const n = await page.locator("svg.diagram-svg g.node rect").count();
      expect(n).toBe(5);
      const boxes = await Promise.all(Array.from({ length: n }, (_, i) => boxOf(page, "svg.diagram-svg g.node rect", i)));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
      expect(await page.locator("table.changes").innerText()).toContain(EVIL);
      expect(await page.locator("script").count()).toBe(0);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the findings table", async () => {
    const { page, context, requests } = await open("check.html", renderCheckHtml(sampleCheckReport()));
    try {
      const rows = page.locator("table.findings tbody tr");
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(0).locator("td").nth(0).innerText()).toMatch(/^error$/i);
      expect(await rows.nth(0).locator("td").nth(2).innerText()).toBe("huaweicloud_compute_instance.web1");
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("would notice a request: a page that loads an image is caught", async () => {
    const { context, requests } = await open("probe.html", `<!DOCTYPE html><html><body><img src="http://192.0.2.1/x.png"></body></html>`);
    await context.close();
    expect(requests).toEqual(["http://192.0.2.1/x.png"]);
  });
});
