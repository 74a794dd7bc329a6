// The HTML export in a real browser: Debian's Chromium, driven headless by
// playwright-core (no browser download). It generates the page for the
// sample editions with the release binary, then checks that every bead has
// a row, that the search box ranks passages as `bitext find` does (the
// issue's quote: find's best passage first) and marks the query's words and
// their translations on both sides, that "flagged only" keeps
// the rows the audit flags, that a #q= address pre-fills the search, that
// the editions stand side by side on a desktop and stacked on a phone
// without sideways scrolling, and that the page fetches nothing. The
// picture of the alignment (`bitext plot`, and the same at the top of the
// page) renders, alone and in the page, without console errors, and a
// click on a finding or a place of it leads to the rows.
//
// Run from the crate root after `cargo build --release`:
//   (cd tests/html && npm ci) && node --test tests/html/page.test.mjs
// Environment: BITEXT_BIN (default target/release/bitext), CHROMIUM
// (default /usr/bin/chromium), HTML_SHOTS=DIR to keep screenshots.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.BITEXT_BIN || join(root, "target/release/bitext");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.HTML_SHOTS;
const work = mkdtempSync(join(tmpdir(), "bitext-html-"));
const page_path = join(work, "trial.html");
const editions = ["data/trial.ru.txt", "data/trial.en.txt"];

function bitext(...args) {
  return execFileSync(bin, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

bitext("align", ...editions, "--format", "html", "-o", page_path);
const beads = bitext("align", ...editions, "--format", "jsonl").trim().split("\n").map((l) => JSON.parse(l));
const audit = JSON.parse(bitext("audit", ...editions, "--format", "json"));
const flagged = new Set(audit.findings.flatMap((f) => f.beads));
const url = pathToFileURL(page_path).href;
const svg_path = join(work, "trial.svg");
bitext("plot", ...editions, "-o", svg_path);
const svg_url = pathToFileURL(svg_path).href;

let context;
const requests = [];

before(async () => {
  context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  context.on("request", (r) => requests.push(r.url()));
  if (shots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

const visible = (page) => page.locator(".row:not([hidden])").count();

test("every bead has a row, all shown at first", async () => {
  const page = await context.newPage();
  await page.goto(url);
  assert.ok(beads.length > 300, `${beads.length} beads`);
  assert.equal(await page.locator(".row").count(), beads.length);
  assert.equal(await visible(page), beads.length);
  assert.equal(await page.locator("#count").textContent(), `${beads.length} rows`);
  await page.close();
});

test("the search box ranks passages as bitext find does and marks the words on both sides", async () => {
  const { page, errors } = await watched();
  await page.goto(url);
  const box = page.locator("#q");
  const shownInOrder = () =>
    page.locator(".row:not([hidden])").evaluateAll((rs) =>
      rs
        .map((r) => [Number(r.dataset.bead), Number(getComputedStyle(r).order)])
        .sort((a, b) => a[1] - b[1])
        .map((x) => x[0]),
    );
  // the quote, as it circulates: the passage of find's best hit first
  const quote = "There is no point in making a pious face, accused Bukharin. Better admit what exists";
  const hits = JSON.parse(bitext("find", ...editions, quote, "--format", "json")).hits;
  const [b0, b1] = hits[0].beads;
  await box.fill(quote);
  const order = await shownInOrder();
  assert.deepEqual(order.slice(0, b1 - b0), Array.from({ length: b1 - b0 }, (_, k) => b0 + k));
  assert.match(await page.locator(`#b${b0} .why`).textContent(), /^1\. score 0\.\d\d · \d+ of 15 words/);
  const hit = await page.locator(`#b${b0} .t span.hit`).allTextContents();
  for (const w of ["point", "making", "pious", "face", "accused", "Bukharin"]) assert.ok(hit.includes(w), `${w}: ${hit}`);
  // the other edition: the words that translate them (here the name)
  const tr = await page.locator(`#b${b0} .s span.tr`).allTextContents();
  assert.ok(tr.includes("Бухарин"), `${tr}`);
  assert.match(await page.locator(`#b${b0} .s`).textContent(), /Незачем делать здесь благочестивое лицо/);
  assert.equal(new URL(page.url()).hash, "#q=" + encodeURIComponent(quote));

  // one word: every row shown holds it (any form), best first, each marked
  for (const q of ["Крестинский", "келер", "1932", "«Rights»"]) {
    await box.fill(q);
    const n = await visible(page);
    assert.ok(n > 0 && n < beads.length, `${q}: ${n}`);
    const unmarked = await page.locator(".row:not([hidden])").evaluateAll((rs) => rs.filter((r) => !r.querySelector("span.hit")).length);
    assert.equal(unmarked, 0, q);
  }
  // shares a word with the editions but is said nowhere: the closest passage, marked as such
  await box.fill("The weather in Paris was lovely in the spring");
  assert.ok((await visible(page)) >= 1);
  assert.match(await page.locator(".why").first().textContent(), /^closest passage/);
  // no word of the editions at all
  await box.fill("xylophone zebra quagga");
  assert.equal(await visible(page), 0);
  assert.equal(await page.locator("#none").isVisible(), true);
  // cleared: every row again, in order, nothing marked
  await box.fill("");
  assert.equal(await visible(page), beads.length);
  assert.equal(await page.locator("span.hit, span.tr, .why").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("flagged only keeps the rows the audit flags", async () => {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator("#flagged").check();
  assert.ok(flagged.size > 0);
  assert.equal(await visible(page), flagged.size);
  const shown = await page.locator(".row:not([hidden])").evaluateAll((rs) => rs.map((r) => Number(r.dataset.bead)));
  assert.deepEqual(new Set(shown), flagged);
  assert.ok(await page.locator(".row:not([hidden]) .flag").count() >= flagged.size);
  await page.close();
});

test("the address pre-fills the search", async () => {
  const page = await context.newPage();
  await page.goto(url + "#q=" + encodeURIComponent("благочестивое"));
  assert.equal(await page.locator("#q").inputValue(), "благочестивое");
  assert.equal(await visible(page), 1);
  await page.close();
});

async function box(page, selector) {
  return page.locator(selector).first().boundingBox();
}

test("side by side on a desktop", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  const [s, t] = [await box(page, ".row .s"), await box(page, ".row .t")];
  assert.ok(Math.abs(s.y - t.y) < 2, `tops ${s.y} and ${t.y}`);
  assert.ok(t.x >= s.x + s.width, "the target column is right of the source");
  if (shots) await page.screenshot({ path: join(shots, "desktop.png") });
  await page.close();
});

test("stacked and without sideways scrolling on a phone", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  const [s, t] = [await box(page, ".row .s"), await box(page, ".row .t")];
  assert.ok(t.y >= s.y + s.height - 1, "the target text is below the source text");
  assert.ok(s.width > 300 && t.width > 300, `${s.width} / ${t.width}`);
  assert.equal(await page.locator("#q").isVisible(), true);
  if (shots) await page.screenshot({ path: join(shots, "phone.png") });
  await page.close();
});

/// A page that records its console errors and uncaught exceptions.
async function watched() {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}

/// The bounding boxes of the picture's bead paths, in the page.
function pathBoxes(page) {
  return page.locator("svg.bitext-plot path.beads").evaluateAll((ps) =>
    ps.map((p) => {
      const r = p.getBoundingClientRect();
      return { width: r.width, height: r.height, d: p.getAttribute("d").length };
    }),
  );
}

test("the picture renders on its own", async () => {
  const { page, errors } = await watched();
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(svg_url);
  const boxes = await pathBoxes(page);
  assert.ok(boxes.length >= 1 && boxes.length <= 4, `${boxes.length} bead paths`);
  // the path of the beads crosses the plot from corner to corner
  const widest = boxes.reduce((a, b) => (a.width > b.width ? a : b));
  assert.ok(widest.width > 300 && widest.height > 300, JSON.stringify(widest));
  assert.equal(await page.locator("svg.bitext-plot .finding").count() > 0, true);
  assert.deepEqual(errors, []);
  if (shots) await page.screenshot({ path: join(shots, "plot.png") });
  await page.close();
});

test("the picture renders at the top of the page", async () => {
  const { page, errors } = await watched();
  await page.goto(url);
  const plot = page.locator("figure.plot svg.bitext-plot");
  assert.equal(await plot.isVisible(), true);
  const box = await plot.boundingBox();
  const first = await page.locator(".row").first().boundingBox();
  assert.ok(box.y + box.height <= first.y, "the picture is above the rows");
  const boxes = await pathBoxes(page);
  assert.ok(boxes.length >= 1 && boxes.every((b) => b.d > 0));
  assert.ok(Math.max(...boxes.map((b) => b.width)) > 200);
  assert.deepEqual(errors, []);
  await page.close();
});

async function inView(page, selector) {
  const b = await page.locator(selector).boundingBox();
  const h = page.viewportSize().height;
  return b !== null && b.y >= 0 && b.y + b.height <= h;
}

test("a finding of the picture leads to its row, shown again when a search hid it", async () => {
  const { page, errors } = await watched();
  await page.goto(url);
  const link = page.locator("svg.bitext-plot a.finding").last();
  const bead = (await link.getAttribute("href")).replace("#b", "");
  assert.ok(flagged.has(Number(bead)), `bead ${bead} is flagged`);
  await page.locator("#q").pressSequentially("pious face");
  assert.equal(await page.locator(`#b${bead}`).isHidden(), true);
  await link.click();
  assert.equal(await page.evaluate(() => location.hash), `#b${bead}`);
  assert.equal(await page.locator(`#b${bead}`).isVisible(), true);
  assert.equal(await visible(page), beads.length);
  assert.ok(await inView(page, `#b${bead}`), "the row is in view");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a click on a place of the picture leads to the rows of that place", async () => {
  const { page, errors } = await watched();
  await page.goto(url);
  const plot = page.locator("figure.plot svg.bitext-plot");
  const box = await plot.boundingBox();
  // three quarters of the way along the source axis of the plot area
  const [x0, width, total] = await plot.evaluate((s) => [
    Number(s.getAttribute("data-x0")),
    Number(s.getAttribute("data-width")),
    s.viewBox.baseVal.width,
  ]);
  const scale = box.width / total;
  await page.mouse.click(box.x + (x0 + 0.75 * width) * scale, box.y + box.height / 2);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#b\d+$/);
  const bead = Number(hash.slice(2));
  // the bead's source sentences (for a bead with none, the next bead's)
  const src = beads.slice(bead).find((b) => b.src.length > 0).src;
  const srcLen = Math.max(...beads.flatMap((b) => b.src)) + 1;
  assert.ok(Math.abs(src[0] - 0.75 * srcLen) <= 2, `bead ${bead}, source ${src}`);
  assert.ok(await inView(page, `#b${bead}`), "the row is in view");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the page and the picture fetch nothing from the network", () => {
  assert.ok(requests.length > 0);
  const outside = requests.filter((u) => !u.startsWith("file:"));
  assert.deepEqual(outside, []);
});
