// What Firefox's find bar finds: PDF.js's own PDFFindController, run in node on a built PDF.
// usage: node find.mjs FILE WORD... -> JSON {word: [matches on page 1, page 2, ...]}
globalThis.window = globalThis;
globalThis.navigator ??= { userAgent: "node" };
globalThis.document = { documentElement: { style: {} }, createElement: () => ({ style: {} }), addEventListener() {} };
globalThis.requestAnimationFrame = (callback) => setTimeout(callback, 0);

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const { EventBus, PDFFindController, PDFLinkService } = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");

const [file, ...words] = process.argv.slice(2);
const pdf = await pdfjs.getDocument({ url: file, verbosity: 0 }).promise;
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
linkService.setDocument(pdf);
linkService.setViewer({ currentPageNumber: 1, pagesCount: pdf.numPages, scrollPageIntoView() {}, getPageView() { return null; } });
const finder = new PDFFindController({ linkService, eventBus, updateMatchesCountOnProgress: false });
finder.setDocument(pdf);

const found = {};
for (const word of words) {
  await new Promise((resolve) => {
    const done = () => { eventBus.off("updatefindmatchescount", done); resolve(); };
    eventBus.on("updatefindmatchescount", done);
    // "again", as Enter in the find bar: the same search at once, without the 250 ms wait for more typing
    eventBus.dispatch("find", { source: null, type: "again", query: word, caseSensitive: true, entireWord: false,
                                highlightAll: true, findPrevious: false, matchDiacritics: true });
  });
  found[word] = finder.pageMatches.map((matches) => matches.length);
}
console.log(JSON.stringify(found));
