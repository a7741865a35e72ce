"""The HTML report in a real browser: axe-core finds no WCAG 2.1 A/AA violation, and nothing on a
360 px phone is wider than the screen outside the regions that scroll on their own (wide tables, map).

Debian's headless Chromium loads a copy of the report with axe-core added before ``</body>`` (the copy
drops the report's content security policy, which forbids every script, axe's too); the audit's result
is written into the page and read back with ``--dump-dom``. No WebDriver, no browser download.

Needs ``chromium`` (``apt-get install chromium``; ``CHROMIUM=/path`` picks another) and axe-core
(``npm ci --prefix tools/a11y``; ``AXE_CORE_JS=/path/to/axe.min.js`` picks another); skipped, saying
which is missing, without them. ``.ci/run`` installs both.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from intercept_mapper.export.report_html import build_report_html
from tests.export.report_helpers import TODAY, sample
from tests.export.test_report_html import hostile_html_workshop

REPO = Path(__file__).resolve().parents[2]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROWSER_SECONDS = 120


def _chromium() -> str | None:
    named = os.environ.get("CHROMIUM")
    if named:
        return named if shutil.which(named) else None
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def _axe() -> Path | None:
    named = os.environ.get("AXE_CORE_JS")
    path = Path(named) if named else REPO / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
    return path if path.is_file() else None


CHROMIUM = _chromium()
AXE = _axe()
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install "
                       "chromium, or set CHROMIUM=/path/to/chrome)"),
    pytest.mark.skipif(AXE is None, reason="axe-core is not installed (npm ci --prefix tools/a11y, or set "
                       "AXE_CORE_JS=/path/to/axe.min.js)"),
]

_RUNNER = """
<script src="axe.min.js"></script>
<script>
(async () => {
  const out = document.createElement("pre");
  out.id = "axe-results";
  try {
    // Headless Chromium's window is never narrower than 500 px: a phone's width is given to the page.
    const width = %s;
    if (width < window.innerWidth) document.documentElement.style.width = width + "px";
    const r = await axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]});
    // What sticks out past the page's width, outside the regions that scroll on their own.
    const wide = Array.from(document.querySelectorAll("body *"))
      .filter(e => !e.closest(".table-wrap, .map-scroll, .visually-hidden, .skip, #axe-results"))
      .filter(e => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 5).map(e => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 60));
    out.textContent = JSON.stringify({
      violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, summary: n.failureSummary}))})),
      passes: r.passes.map(v => v.id),
      media: window.matchMedia("(max-width:40rem)").matches,
      wide: wide,
    });
  } catch (e) {
    out.textContent = JSON.stringify({error: String(e)});
  }
  document.body.appendChild(out);
})();
</script>
"""


def audit(html: bytes, folder: Path, width: int) -> dict:
    """Open ``html`` in headless Chromium ``width`` px wide, run axe-core, and return its findings."""
    page = html.decode("utf-8")
    page, dropped = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    assert dropped == 1
    page = page.replace("</body>", _RUNNER % (width, json.dumps(WCAG_TAGS)) + "</body>")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(AXE, folder / "axe.min.js")
    (folder / "audit.html").write_text(page, encoding="utf-8")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
               f"--user-data-dir={folder / 'profile'}", "--allow-file-access-from-files",
               f"--window-size={max(width, 500)},900", "--virtual-time-budget=60000", "--dump-dom",
               (folder / "audit.html").as_uri()]
    done = subprocess.run(command, capture_output=True, timeout=BROWSER_SECONDS, check=False)
    dom = done.stdout.decode("utf-8", "replace")
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.S)
    assert found, f"axe wrote no result (chromium exit {done.returncode}): {done.stderr[-2000:]!r}"
    result = json.loads(html_lib.unescape(found.group(1)))
    assert "error" not in result, result
    return result


def _explain(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  " +
                     "\n  ".join(f"{n['target']}: {n['summary']}" for n in v["nodes"]) for v in violations)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_sample_report_passes_axe_wcag21_aa(tmp_path: Path, width: int) -> None:
    result = audit(build_report_html(sample(), today=TODAY), tmp_path, width)
    assert result["violations"] == [], _explain(result["violations"])
    # axe really looked: contrast, names, language, list and table structure were all checked.
    assert {"color-contrast", "html-has-lang", "list", "td-headers-attr"} <= set(result["passes"])
    assert result["media"] == (width < 640)  # the phone layout is the one checked at 360 px
    assert result["wide"] == [], f"wider than {width} px outside a scrolling region"


def test_a_hostile_text_report_passes_axe_wcag21_aa(tmp_path: Path) -> None:
    html = build_report_html(hostile_html_workshop(), include_contacts=True, today=TODAY)
    result = audit(html, tmp_path, 360)
    assert result["violations"] == [], _explain(result["violations"])
    assert result["wide"] == [], "wider than 360 px outside a scrolling region"


def test_a_final_report_with_contacts_passes_axe(tmp_path: Path) -> None:
    result = audit(build_report_html(sample(), final=True, include_contacts=True, today=TODAY), tmp_path, 800)
    assert result["violations"] == [], _explain(result["violations"])
