// The report's stylesheet, inlined into the page so the file stands alone (no network, no scripts).
// src/report imports src/util, and types from src/train and src/compact, only.

export const REPORT_CSS = `
body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1.5em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 2.2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin-top: 1.6em; }
p.note, p.empty { color: #555; font-size: 0.9em; }
p.warning { background: #fff4d6; border: 1px solid #e0b84a; padding: 0.5em 0.8em; }
code { font-family: Menlo, Consolas, monospace; font-size: 0.95em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
thead th { background: #f3f3f3; }
tfoot td { font-weight: bold; background: #fafafa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.pairs th { background: #f8f8f8; font-weight: normal; color: #444; }
.columns { display: flex; flex-wrap: wrap; gap: 1.5em 3em; align-items: flex-start; }
figure { margin: 1em 0; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
figure svg { max-width: 100%; height: auto; }
`;
