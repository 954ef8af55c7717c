"""Benchmark of the REST API: a large organization served by gunicorn, driven from another
process.

    .venv/bin/python bench/api_bench.py            # or: make bench
    .venv/bin/python bench/api_bench.py --help

It builds (once; --rebuild to start over) an organization of 10,000 members in 100 teams in
the database of DATABASE_URL, or else in a throwaway SQLite file, var/bench.sqlite3; serves
the site with gunicorn on a free port of 127.0.0.1 with production settings (DEBUG off); and
drives it with wrk (Debian: apt-get install -y wrk), or with the Python load generator below
when wrk is missing. For the member list (first page), the organization detail and the
health check, which does no database work and is the baseline, it prints requests/s, p50 and
p99 latency and their ratio to the baseline.

Every request carries a real API key/token pair of the organization's owner, so the figures
include authentication. Traffic goes to 127.0.0.1 only; each run is bounded in time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
BENCH_SLUG = "bench-organization"
BENCH_EMAIL_DOMAIN = "bench.example.test"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--rebuild", action="store_true", help="build the organization anew")
    parser.add_argument(
        "--load-generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="auto: wrk when installed, else the Python one",
    )
    parser.add_argument("--python-load", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.build:
        build_organization(*arguments.build, rebuild=arguments.rebuild)
        return
    if arguments.python_load:
        url, header, duration, connections = arguments.python_load
        print(json.dumps(python_load(url, header, float(duration), int(connections))))
        return
    run(arguments)


def run(arguments) -> None:
    environment = bench_environment()
    print(f"database: {redact(environment['DATABASE_URL'])}")
    manage(environment, "migrate", "--noinput", "-v", "0")
    organization_id, header = build(environment, arguments)
    generator = choose_load_generator(arguments.load_generator)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(REPOSITORY / ".venv" / "bin" / "gunicorn"),
            "orgsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(arguments.workers),
            "--log-level",
            "warning",
        ],
        cwd=REPOSITORY,
        env=environment,
        start_new_session=True,
    )
    try:
        wait_until_up(f"{base}/api/v1/health/", server)
        endpoints = [
            ("health (baseline)", f"{base}/api/v1/health/"),
            ("organization detail", f"{base}/api/v1/organizations/{organization_id}/"),
            ("member list, first page", f"{base}/api/v1/organizations/{organization_id}/members/"),
        ]
        for _name, url in endpoints:
            check_answers_200(url, header)
        print(
            f"gunicorn: {arguments.workers} sync workers; load: {generator}, "
            f"{arguments.connections} connections, {arguments.duration}s per endpoint; "
            f"{os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.2f}\n"
        )
        results = [
            (name, measure(generator, url, header, arguments.duration, arguments.connections))
            for name, url in endpoints
        ]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(results)


def bench_environment() -> dict[str, str]:
    database_url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{REPOSITORY / 'var' / 'bench.sqlite3'}"
    )
    (REPOSITORY / "var" / "bench-static").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no TLS proxy in front here.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # WhiteNoise warns about a missing static folder; the API serves no static file.
        "STATIC_ROOT": str(REPOSITORY / "var" / "bench-static"),
    }


def redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", url)


def manage(environment: dict[str, str], *command: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=REPOSITORY,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build(environment: dict[str, str], arguments) -> tuple[str, str]:
    """Builds or reuses the organization (in a process with the benchmark's settings);
    returns its id and the Authorization header of a fresh key/token pair of its owner."""
    command = [sys.executable, __file__, "--build", str(arguments.members), str(arguments.teams)]
    if arguments.rebuild:
        command.append("--rebuild")
    result = subprocess.run(
        command, cwd=REPOSITORY, env=environment, check=True, capture_output=True, text=True
    )
    print(result.stderr.strip())
    organization_id, header = result.stdout.strip().splitlines()[-1].split(" ", 1)
    return organization_id, header


def build_organization(members: int, teams: int, rebuild: bool) -> None:
    """The owner through the services (organization_create), everyone else in bulk: the
    services add one member at a time, which would take minutes for 10,000."""
    sys.path.insert(0, str(REPOSITORY))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgsite.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import User
    from accounts.services import api_token_create
    from organizations.models import Membership, Organization, Plan, TeamMembership
    from organizations.roles import OrganizationRole, TeamRole
    from organizations.services.organization import organization_create, organization_delete
    from organizations.services.team import team_add_with_group

    started = time.monotonic()
    owner_email = f"owner@{BENCH_EMAIL_DOMAIN}"
    organization = Organization.objects.filter(slug=BENCH_SLUG).first()
    if organization is not None and (
        rebuild
        or organization.memberships.count() != members
        or organization.teams.count() != teams
    ):
        owner = organization.memberships.get(role=OrganizationRole.OWNER).user
        organization_delete(acting_user=owner, organization=organization)
        organization = None
    if organization is None:
        User.objects.filter(email__endswith=f"@{BENCH_EMAIL_DOMAIN}").delete()
        with transaction.atomic():
            owner = User.objects.create_user(email=owner_email, name="Bench Owner")
            organization = organization_create(
                acting_user=owner, name={"en": "Bench organization"}, region="EU"
            )
            Organization.objects.filter(pk=organization.pk).update(
                slug=BENCH_SLUG, plan=Plan.objects.get(code="enterprise")
            )
            all_teams = list(organization.teams.all()) + [
                team_add_with_group(organization=organization, name=f"Team {number:03}")
                for number in range(1, teams)
            ]
            password = make_password(None)
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"user{number:05}@{BENCH_EMAIL_DOMAIN}",
                        name=f"Bench User {number:05}",
                        password=password,
                        active_organization_id=organization.pk,
                    )
                    for number in range(1, members)
                ],
                batch_size=1000,
            )
            roles = [OrganizationRole.ADMIN] * 10 + [OrganizationRole.VIEWER] * 20
            Membership.objects.bulk_create(
                [
                    Membership(
                        organization=organization,
                        user=user,
                        role=roles[number] if number < len(roles) else OrganizationRole.MEMBER,
                    )
                    for number, user in enumerate(users)
                ],
                batch_size=1000,
            )
            # Each member in one team, every third one in a second team too.
            placements = []
            for number, user in enumerate(users):
                placements.append((all_teams[number % teams], user))
                if number % 3 == 0:
                    placements.append((all_teams[(number + 1) % teams], user))
            TeamMembership.objects.bulk_create(
                [
                    TeamMembership(team=team, user=user, role=TeamRole.MEMBER)
                    for team, user in placements
                ],
                batch_size=1000,
            )
            User.groups.through.objects.bulk_create(
                [
                    User.groups.through(user_id=user.pk, group_id=team.group_id)
                    for team, user in placements
                ],
                batch_size=1000,
            )
        print(
            f"built: {members} members in {teams} teams ({time.monotonic() - started:.1f}s)",
            file=sys.stderr,
        )
    else:
        print(
            f"reused: {members} members in {teams} teams (--rebuild to build anew)", file=sys.stderr
        )
    owner = User.objects.get(email=owner_email)
    api_token, token = api_token_create(acting_user=owner, name="benchmark")
    print(organization.pk, f"Token {api_token.pk}:{token}")


def choose_load_generator(choice: str) -> str:
    if choice == "python":
        return "python"
    if shutil.which("wrk"):
        return "wrk"
    if choice == "wrk":
        sys.exit(
            "wrk is not installed: apt-get install -y wrk (Debian), or --load-generator python"
        )
    print(
        "wrk is not installed (Debian: apt-get install -y wrk); "
        "using the Python load generator instead."
    )
    return "python"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {timeout}s")


def check_answers_200(url: str, header: str) -> None:
    request = urllib.request.Request(url, headers={"Authorization": header})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200:
            sys.exit(f"{url} answered {response.status}")


def measure(generator: str, url: str, header: str, duration: int, connections: int) -> dict:
    if generator == "wrk":
        return wrk(url, header, duration, connections)
    # Another process, so that the measuring doesn't share an interpreter with anything else.
    output = subprocess.run(
        [sys.executable, __file__, "--python-load", url, header, str(duration), str(connections)],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 60,
    ).stdout
    return json.loads(output)


def wrk(url: str, header: str, duration: int, connections: int) -> dict:
    threads = max(1, min(2, connections))
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            f"Authorization: {header}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 60,
    ).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        sys.exit(f"{url}: {failures.group(1)} answers were not 2xx:\n{output}")
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": wrk_milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99_ms": wrk_milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def wrk_milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def python_load(url: str, header: str, duration: float, connections: int) -> dict:
    """Closed-loop load: ``connections`` threads, each sending its next request when the
    previous one is answered, for ``duration`` seconds."""
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    path = url.split(f":{port}", 1)[1]
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker() -> None:
        mine, my_errors = [], []
        connection = None
        while time.monotonic() < deadline:
            if connection is None:
                connection = HTTPConnection(host, int(port), timeout=10)
            started = time.perf_counter()
            connection.request("GET", path, headers={"Authorization": header})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                my_errors.append(response.status)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        with lock:
            latencies.extend(mine)
            errors.extend(my_errors)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _thread in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors:
        sys.exit(f"{url}: {len(errors)} answers were not 200 (e.g. {errors[0]})")
    latencies.sort()
    return {
        "requests_per_second": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "requests": len(latencies),
    }


def percentile(ordered: list[float], rank: float) -> float:
    index = min(len(ordered) - 1, max(0, round(rank / 100 * len(ordered)) - 1))
    return ordered[index]


def report(results: list[tuple[str, dict]]) -> None:
    baseline = results[0][1]
    print(
        f"{'endpoint':<26}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'req/s ÷ baseline':>18}{'p50 × baseline':>16}"
    )
    for name, figures in results:
        print(
            f"{name:<26}{figures['requests']:>9}{figures['requests_per_second']:>9.1f}"
            f"{figures['p50_ms']:>9.2f}{figures['p99_ms']:>9.2f}"
            f"{figures['requests_per_second'] / baseline['requests_per_second']:>18.2f}"
            f"{figures['p50_ms'] / baseline['p50_ms']:>16.1f}"
        )


if __name__ == "__main__":
    main()
