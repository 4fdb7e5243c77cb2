/** The report's stylesheet (inline: the file must open from disk with no network). */
export const STYLE = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa; --row:28px; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header.sg-top { padding:16px 24px; border-bottom:1px solid var(--line); background:var(--soft); }
header.sg-top h1 { margin:0 0 4px; font-size:20px; }
nav.sg-nav a { margin-right:14px; color:#0969da; text-decoration:none; }
main { padding:8px 24px 48px; }
section { margin-top:24px; }
h2 { font-size:17px; border-bottom:1px solid var(--line); padding-bottom:4px; }
h3 { font-size:15px; margin:18px 0 6px; }
code, pre { font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
pre { background:var(--soft); padding:8px; overflow:auto; white-space:pre-wrap; word-break:break-word; max-height:320px; }
.sg-muted { color:var(--muted); }
.sg-key { max-width:520px; font-size:12px; }
.sg-cards { display:flex; flex-wrap:wrap; gap:10px; }
.sg-card { border:1px solid var(--line); border-radius:6px; padding:8px 14px; min-width:120px; }
.sg-card-value { font-size:22px; font-weight:600; }
.sg-card-label { color:var(--muted); font-size:12px; }
.sg-fail .sg-card-value { color:#d1242f; } .sg-error .sg-card-value { color:#8250df; }
.sg-waived .sg-card-value { color:#9a6700; } .sg-pass .sg-card-value { color:#1a7f37; }
.sg-charts { display:flex; flex-wrap:wrap; gap:24px; align-items:flex-start; }
.sg-charts figure { margin:0; }
.sg-charts figcaption { font-weight:600; margin-bottom:6px; }
.sg-chart { font-size:12px; max-width:100%; height:auto; }
.sg-chart text { fill:var(--fg); }
.sg-click { cursor:pointer; } .sg-click:hover { opacity:.8; }
.sg-table-wrap { overflow:auto; max-height:420px; border:1px solid var(--line); }
table.sg-static { border-collapse:collapse; width:100%; }
table.sg-static th, table.sg-static td { text-align:left; vertical-align:top; padding:4px 8px; border-bottom:1px solid var(--line); }
table.sg-static th { position:sticky; top:0; background:var(--soft); }
.sg-filters { display:flex; flex-wrap:wrap; gap:8px; align-items:end; margin-bottom:8px; }
.sg-filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
.sg-filters select, .sg-filters input { font:inherit; padding:3px 6px; min-width:120px; max-width:240px; }
.sg-filters input[type=search] { min-width:260px; }
.sg-grid { display:grid; grid-template-columns: var(--sg-cols, 84px 64px 76px minmax(220px,1.4fr) 122px 110px 84px minmax(160px,1fr) minmax(280px,2.2fr)); min-width:max(100%, var(--sg-min, 0px)); }
.sg-head { position:sticky; top:0; z-index:2; background:var(--soft); border-bottom:1px solid var(--line); font-weight:600; }
.sg-head > div { padding:4px 7px; cursor:pointer; user-select:none; white-space:nowrap; }
.sg-head > div:hover { background:#eaeef2; }
.sg-hint { margin:4px 0 6px; }
.sg-no-baseline .sg-grid > :nth-child(3) { padding:0 !important; visibility:hidden; }
.sg-no-baseline label:has(#f-baseline) { display:none; }
.sg-head > div[aria-sort=ascending]::after { content:" ▲"; } .sg-head > div[aria-sort=descending]::after { content:" ▼"; }
#sg-scroll { position:relative; height:62vh; min-height:320px; overflow:auto; border:1px solid var(--line); border-radius:6px; contain:strict; }
#sg-spacer { position:relative; min-width:max(100%, var(--sg-min, 0px)); }
.sg-row { position:absolute; left:0; right:0; border-bottom:1px solid #eef1f4; cursor:pointer; transition:background-color .08s; }
.sg-row:nth-child(even) { background:#fcfdfe; }
.sg-row:hover, .sg-row:focus-visible { background:#eef5ff; box-shadow:inset 3px 0 0 #0969da; outline:none; }
.sg-row:hover .sg-mono { color:#0969da; text-decoration:underline; }
.sg-row > div { padding:4px 7px; line-height:20px; font-size:13px; overflow:hidden; white-space:nowrap; text-overflow:ellipsis; }
.sg-row > .sg-wrap { white-space:normal; overflow-wrap:anywhere; text-overflow:clip; }
.sg-mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12px !important; }
.sg-pill { display:inline-block; padding:0 6px; border-radius:10px; font-size:12px; color:#fff; }
.sev-critical { background:#82071e; } .sev-high { background:#d1242f; } .sev-medium { background:#bf8700; }
.sev-low { background:#0969da; } .sev-info { background:#6e7781; }
.st-fail { color:#d1242f; font-weight:600; } .st-error { color:#8250df; font-weight:600; }
.st-waived { color:#9a6700; } .st-pass { color:#1a7f37; }
#sg-detail { position:fixed; top:0; right:0; bottom:0; width:min(640px,100%); background:var(--bg); border-left:1px solid var(--line);
  box-shadow:-4px 0 16px rgba(0,0,0,.12); overflow:auto; padding:16px 20px; z-index:10; }
#sg-detail[hidden] { display:none; }
#sg-detail dl { display:grid; grid-template-columns:140px 1fr; gap:4px 10px; }
#sg-detail dt { color:var(--muted); } #sg-detail dd { margin:0; word-break:break-all; }
#sg-detail button.sg-close { float:right; font:inherit; }
.sg-remediation p { margin:0 0 8px; } .sg-remediation ul { margin:0 0 8px; padding-left:20px; }
.sg-remediation code, #sg-detail dd code { background:var(--soft); border:1px solid #e3e8ee; border-radius:4px; padding:0 4px; }
.sg-gate { display:flex; gap:16px; align-items:center; padding:12px 24px; color:#fff; }
.sg-gate-fail { background:#b42318; } .sg-gate-incomplete { background:#6e40c9; } .sg-gate-pass { background:#1a7f37; }
.sg-gate-verdict { font-size:22px; font-weight:700; letter-spacing:.04em; border:2px solid rgba(255,255,255,.7); border-radius:6px; padding:2px 12px; white-space:nowrap; }
.sg-gate-reason { font-size:15px; font-weight:600; }
.sg-gate-settings { font-size:12px; opacity:.92; margin-top:2px; }
.sg-gate-settings span + span::before { content:" · "; }
table.sg-errors td:nth-child(-n+5) { white-space:nowrap; }
table.sg-errors td:nth-child(7) { overflow-wrap:anywhere; min-width:220px; }
table.sg-am-table td:nth-child(6) { overflow-wrap:anywhere; }
`;
