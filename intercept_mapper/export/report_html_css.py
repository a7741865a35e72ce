"""The HTML report's style sheet (inlined into the page): WCAG 2.1 AA contrast, visible focus, a
layout that reads from a 360 px phone to a desktop, and print rules.

Colours, on white: ink #1f2933 and muted #4b5563 (14.8:1 and 7.6:1), headings #0b3c5d (11.6:1), links
and focus #0a58a8 (7.1:1; 5.6:1 or more on every tint used), draft red #b42318
(6.1:1 on its pale banner); the resource and gap marks are darker than the map's fills so that they
read as text (#00704f 6.1:1, #a63f00 6.3:1). Every pair stays 4.8:1 or more on the table tints.
"""

# A DRAFT says so at the foot of every printed page too (a page margin box; fixed text, no user text).
DRAFT_PRINT_CSS = """
@media print{@page{@bottom-center{content:"DRAFT: for review by the planning team, not for circulation";
color:#b42318;font-size:8pt}}}
"""

REPORT_CSS = """
:root{--ink:#1f2933;--muted:#4b5563;--heading:#0b3c5d;--link:#0a58a8;--rule:#c5cdd6;--zebra:#f5f7fa;
--shade:#e6f0f8;--draft:#b42318;--resource:#00704f;--gap:#a63f00;--focus:#0a58a8}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;font:1rem/1.55 "DejaVu Sans",Verdana,"Segoe UI",Roboto,
"Noto Sans","Noto Sans CJK SC","Droid Sans Fallback",Arial,sans-serif;overflow-wrap:break-word}
.page{max-width:64rem;margin:0 auto;padding:0 1rem 2rem}
a{color:var(--link)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
main:focus{outline:none}
.skip{position:absolute;left:-100vw;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem;top:1rem}
h1,h2,h3,h4{color:var(--heading);line-height:1.25;margin:1.6em 0 .5em}
h1{font-size:clamp(1.6rem,5vw,2.4rem);margin-top:.3em}
h2{font-size:clamp(1.35rem,4vw,1.75rem);border-bottom:2px solid var(--rule);padding-bottom:.2em;
margin-top:2.2em}
h3{font-size:1.2rem}
h4{font-size:1.05rem}
.cover{padding-top:1rem}
.label{margin:1.5rem 0 0;color:var(--muted);font-weight:bold;text-transform:uppercase;letter-spacing:.08em;
font-size:.85rem}
.subtitle{font-size:1.25rem;margin:.2em 0 1em}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.2rem;margin:1rem 0}
.facts dt{font-weight:bold;color:var(--muted)}
.facts dd{margin:0}
.facts dd+dd{grid-column:2}
.banner{margin:0;padding:.7rem 1rem;border:2px solid var(--draft);border-left-width:.6rem;
color:var(--draft);background:#fff5f4}
.banner strong{letter-spacing:.1em}
.contents ol{list-style:none;padding-left:0}
.contents ol ol{padding-left:1.5rem}
.contents li{margin:.25rem 0}
.contents ol ol{font-size:.95rem}
.note{color:var(--muted);font-style:italic}
.small,.reason,.at{font-size:.9rem;color:var(--muted)}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
clip-path:inset(50%);white-space:nowrap}
.table-wrap{overflow-x:auto;margin:.4rem 0 1.4rem;border:1px solid var(--rule);border-radius:4px}
table{border-collapse:collapse;width:100%;min-width:34rem;font-size:.95rem}
table.findings,table.people{min-width:0}
table.votes{min-width:20rem}
caption{text-align:left;font-weight:bold;color:var(--heading);padding:.55rem .7rem;font-size:1rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .7rem;border-top:1px solid var(--rule);
overflow-wrap:break-word}
thead th{background:var(--heading);color:#fff;border-top:0}
tbody th{font-weight:normal}
tbody tr:nth-child(even){background:var(--zebra)}
.num{text-align:right;white-space:nowrap;width:1%}
thead th.num{white-space:normal}
.ids,td.when{white-space:nowrap}
tr.chosen{background:var(--shade)!important}
.tag{display:inline-block;font-size:.8rem;font-weight:bold;color:var(--heading);border:1px solid
var(--heading);border-radius:3px;padding:0 .35em;margin-left:.2em;white-space:nowrap}
tr.group th{background:#dce6f0;font-weight:bold;color:var(--heading)}
table.plan tbody{border-top:2px solid var(--heading)}
table.plan tbody th{font-weight:bold;background:#fff}
.overdue{color:var(--draft)}
.sign{font-weight:bold;display:inline-block;width:1.1em;text-align:center}
.sign.resource{color:var(--resource)}
.sign.gap{color:var(--gap)}
.bar-cell{width:35%;min-width:7rem}
.bar-row{display:flex;align-items:center;gap:.5em}
.track{flex:1}
.bar{display:block;height:.9em;background:#0072b2;min-width:2px}
.bar-value{min-width:2.5ch;text-align:right}
.map{margin:1rem 0 1.5rem}
.map-scroll{overflow-x:auto;border:1px solid var(--rule);border-radius:4px}
.map-svg{display:block;width:100%;height:auto}
@media (min-width:48rem){.map-svg{min-width:var(--map-min,0)}}
figcaption{font-size:.95rem;color:var(--muted);margin-top:.5rem}
.list-label{margin:.8rem 0 .3rem}
.narrative{padding-left:1.6rem;margin:0 0 1.2rem}
.narrative li{margin:.55rem 0 .55rem calc(var(--depth,0)*1.4rem)}
.narrative li p{margin:.1rem 0}
footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--rule);font-size:.9rem;color:var(--muted)}
@media (max-width:40rem){
body{font-size:1rem}
.page{padding:0 .75rem 2rem}
table{font-size:.9rem}
table.priorities tbody th,table.plan td.step{min-width:11rem}
th,td{padding:.4rem .5rem}
.facts{grid-template-columns:1fr;gap:.1rem}
.facts dd,.facts dd+dd{grid-column:1;margin-bottom:.4rem}
}
@media print{
@page{margin:18mm 16mm}
body{font-size:10.5pt}
.page{max-width:none;padding:0}
.skip{display:none}
.table-wrap,.map-scroll{overflow:visible;border:0}
table{min-width:0}
.map-svg{min-width:0}
h2{break-before:page}
h2,h3,h4,caption{break-after:avoid}
tr,figure{break-inside:avoid}
thead{display:table-header-group}
a{color:inherit;text-decoration:none}
.contents a::after{content:""}
}
"""
