"""Screenshots of the main pages at desktop (1280x800) and phone (390x844) sizes, and axe-core's
violation count on each, for a reviewer who does not want to run the flows.

    make screenshots                      # into var/screenshots/
    .venv/bin/python e2e/screenshots.py --out /tmp/shots

It builds a throwaway SQLite database (var/screenshots.sqlite3) with the demo data and a few
dashboards, shares, an invitation and a plugin, serves the site with runserver on a free port
of 127.0.0.1, and drives Debian's Chromium (E2E_CHROMIUM for another one) as the demo owner.
The files are ``<out>/<desktop|phone>/<NN-page>.png``; ``<out>/axe.json`` holds the counts.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from e2e.accessibility import AXE_SCRIPT, AXE_TAGS  # noqa: E402

PASSWORD = "screenshots-demo-pass"
OWNER = "owner@test.com"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}

# More than the demo's members and teams: something in every list.
SETUP = """
from accounts.models import User
from organizations.models import Organization, Team
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.invitation import invitation_create
from organizations.services.membership import membership_change_role
from organizations.services.securable import (
    securable_create, securable_share_with_team, securable_share_with_user,
)
from organizations.models import Membership
from plugins.services import plugin_create

owner = User.objects.get(email="owner@test.com")
organization = Organization.objects.get(memberships__user=owner, name__en="Your organization")
analysts = Team.objects.get(organization=organization, name="Analysts")
amy = User.objects.get(email="amy@test.com")
sales = securable_create(acting_user=owner, organization=organization, type="dashboard",
                         name={"en": "Sales overview"}, description={"en": "Revenue by month"})
securable_create(acting_user=owner, organization=organization, type="dataset",
                 name={"en": "Orders 2026"})
securable_share_with_team(acting_user=owner, securable=sales, team=analysts, level="use")
securable_share_with_user(acting_user=owner, securable=sales, email="david@test.com", level="read")
membership_change_role(acting_user=owner,
                       membership=Membership.objects.get(user=amy, organization=organization),
                       role=OrganizationRole.ADMIN)
invitation_create(acting_user=owner, organization=organization, email="new.person@test.com",
                  name="New Person", role=OrganizationRole.VIEWER,
                  teams=[analysts], team_role=TeamRole.VIEWER)
plugin_create(acting_user=owner, slug="heatmap", name={"en": "Heatmap"},
              description={"en": "A calendar heatmap"}, base_url="https://plugins.example.com/heatmap")
print(sales.pk, analysts.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            sys.exit("runserver stopped:\n" + server.stderr.read().decode())
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit("runserver did not answer")


def pages(sales_id: str, team_id: str) -> list[tuple[str, str]]:
    return [
        ("dashboards", "/dashboards/"),
        ("datasets", "/datasets/"),
        ("dashboard-share", f"/dashboards/{sales_id}/share/"),
        ("plugins", "/plugins/"),
        ("users", "/organization/users/"),
        ("teams", "/organization/teams/"),
        ("team", f"/organization/teams/{team_id}/"),
        ("settings", "/organization/settings/"),
        ("billing", "/organization/billing/"),
        ("usage", "/organization/usage/"),
        ("audit-log", "/organization/audit-log/"),
        ("profile", "/profile/"),
        ("password-and-e-mail", "/profile/sign-in/"),
        ("api-tokens", "/profile/api-tokens/"),
    ]


def axe_count(page) -> int:
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (tags) => (await window.axe.run(document,
            {runOnly: {type: "tag", values: tags}})).violations
            .reduce((total, v) => total + v.nodes.length, 0)""",
        AXE_TAGS,
    )


def shoot(base_url: str, out: Path, sales_id: str, team_id: str) -> dict:
    from playwright.sync_api import sync_playwright

    counts: dict[str, dict[str, int]] = {}
    chromium = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for size, (width, height) in SIZES.items():
            folder = out / size
            folder.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(
                base_url=base_url, viewport={"width": width, "height": height}, locale="en-US"
            )
            page = context.new_page()
            page.goto("/login/")
            page.screenshot(path=str(folder / "00-login.png"), full_page=True)
            counts.setdefault("login", {})[size] = axe_count(page)
            page.get_by_label("Email").fill(OWNER)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            for number, (name, path) in enumerate(pages(sales_id, team_id), start=1):
                page.goto(path)
                page.screenshot(path=str(folder / f"{number:02d}-{name}.png"), full_page=True)
                counts.setdefault(name, {})[size] = axe_count(page)
            if size == "phone":
                page.goto("/organization/users/")
                toggle = page.locator("[data-sidebar-toggle]")
                if toggle.count() and toggle.is_visible():
                    toggle.click()
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(folder / "99-menu-open.png"))
            context.close()
        browser.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    options = parser.parse_args()
    database = ROOT / "var" / "screenshots.sqlite3"
    database.parent.mkdir(exist_ok=True)
    database.unlink(missing_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "consolemail://",
        "USAGE_METERING_FLUSH_SECONDS": "0",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "demo_data", "--password", PASSWORD)
    sales_id, team_id = manage(env, "shell", "-c", SETUP).split()[-2:]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, server)
        counts = shoot(f"http://127.0.0.1:{port}", options.out, sales_id, team_id)
    finally:
        server.terminate()
        server.wait(timeout=10)
    (options.out / "axe.json").write_text(json.dumps(counts, indent=2) + "\n")
    print(f"Screenshots in {options.out}/desktop and {options.out}/phone")
    print(f"{'page':<18}{'axe desktop':>12}{'axe phone':>12}")
    for name, by_size in counts.items():
        print(f"{name:<18}{by_size.get('desktop', '-'):>12}{by_size.get('phone', '-'):>12}")


if __name__ == "__main__":
    main()
