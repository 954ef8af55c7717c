"""axe-core in the browser tests: the pinned package of e2e/axe/ (npm ci when missing, as
the Core API tests do with theirs), injected into the page and run there."""

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_PROJECT = Path(__file__).resolve().parent / "axe"
AXE_SCRIPT = AXE_PROJECT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, one main, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_installed() -> Path:
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is required for the accessibility checks (apt-get install npm)")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=AXE_PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not AXE_SCRIPT.exists():
        pytest.fail(f"npm ci failed in {AXE_PROJECT}:\n{result.stderr}", pytrace=False)
    return AXE_SCRIPT


def axe_violations(page: Page) -> list[dict]:
    """axe's violations on the page as it is now: each rule with its impact and nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_installed()))
    return page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n    "
        + "\n    ".join(violation["nodes"][:5])
        for violation in violations
    )
