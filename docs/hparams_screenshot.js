// The screenshot of TensorBoard's HParams table in the README, taken with
// Debian's headless Chromium. The dashboard shows the first five
// hyperparameters and the first five metrics (alphabetical: D's outputs and
// eval/ come before loss/), in a table wider than a screen: this ticks and
// unticks columns in its left pane as a user would, then takes the picture.
//
//   npm install puppeteer-core@23
//   node docs/hparams_screenshot.js URL OUT.png WIDTH HEIGHT [NAME | +NAME ...]
//
// NAME unticks a column, +NAME ticks one.
const puppeteer = require("puppeteer-core");

const [url, out, width, height, ...columns] = process.argv.slice(2);

// Every checkbox of the page, through the dashboard's shadow roots, after
// setting the ones named in `columns`; returns their labels.
function setColumns(columns) {
  function* walk(root) {
    for (const element of root.querySelectorAll("*")) {
      yield element;
      if (element.shadowRoot) yield* walk(element.shadowRoot);
    }
  }
  const boxes = [...walk(document)].filter((e) => e.tagName === "PAPER-CHECKBOX");
  for (const box of boxes) {
    const name = box.textContent.trim();
    if ((columns.includes(name) && box.checked) || (columns.includes("+" + name) && !box.checked)) {
      box.click();
    }
  }
  return boxes.map((box) => box.textContent.trim());
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

(async () => {
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  await page.setViewport({width: Number(width), height: Number(height)});
  await page.goto(url, {waitUntil: "networkidle0"});
  // The left pane fills in once the dashboard has read the runs.
  for (let i = 0; i < 100 && !(await page.evaluate(setColumns, [])).includes("variant"); i++) {
    await pause(200);
  }
  await page.evaluate(setColumns, columns);
  await pause(1000);
  await page.screenshot({path: out});
  await browser.close();
})();
