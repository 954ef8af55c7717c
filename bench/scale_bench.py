"""Benchmark of organization size, side by side: orgsite, the floor and django-organizations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/scale_bench.py
    make bench-scale                       # the same, DATABASE_URL as above or BENCH_DATABASE_URL

It builds, once (--rebuild to start over), organizations of 1,000, 10,000 and 50,000 members
(and one of 10, the Core API's yardstick) in orgsite's tables, the same organizations in
django-organizations' tables (the peer, bench/peer/, in schema ``peer`` of the same
database), and the 100k-securables data set of bench/securables_bench.py. It serves orgsite
and the peer (which also serves the floor, a bare view running ``SELECT 1``) with gunicorn,
2 sync workers each, DEBUG off, and drives every endpoint with wrk, interleaved: each round
runs every endpoint of every size once, for --duration seconds; the figures are the medians
of --rounds rounds. It prints, per size, requests/s, p50 and p99, the cost relative to the
floor (floor req/s ÷ req/s), the ratio to the peer's paged list, queries per request
(counted in a separate process with Django's test client) and the answer's size.

PostgreSQL only: the point is the plans of a real database. Traffic goes to 127.0.0.1 only.
"""

import argparse
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
PEER = REPOSITORY / "bench" / "peer"
VENV_BIN = REPOSITORY / ".venv" / "bin"
SIZES = (10, 1_000, 10_000, 50_000)
DEEP_PAGE = 20  # the last page of 1,000 members: the same depth at every size
PAGE = 50
# The peer's whole list runs one query per member: at 10,000 a request outlasts gunicorn's
# 30 s timeout (observed), and its stuck workers would delay the endpoints after it.
PEER_WHOLE_LIST_UP_TO = 1_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-securables", action="store_true", help="skip the 100k data set")
    parser.add_argument("--build-orgsite", help=argparse.SUPPRESS)
    parser.add_argument("--build-peer", help=argparse.SUPPRESS)
    parser.add_argument("--count-queries", help=argparse.SUPPRESS)
    parser.add_argument("--time-securables", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.build_orgsite:
        print(json.dumps(build_orgsite(json.loads(arguments.build_orgsite))))
    elif arguments.build_peer:
        print(json.dumps(build_peer(json.loads(arguments.build_peer))))
    elif arguments.count_queries:
        print(json.dumps(count_queries(json.loads(arguments.count_queries))))
    elif arguments.time_securables:
        print(json.dumps(time_securables(json.loads(arguments.time_securables))))
    else:
        run(arguments)


# The driver ---------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database: postgres://user@host:5432/name")
    (REPOSITORY / "var" / "bench-static").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(REPOSITORY / "var" / "bench-static"),
        "API_AUTH_FAILURE_RATE": "100000/minute",
    }


def python(env, *arguments, cwd=REPOSITORY, settings=None) -> str:
    if settings:
        env = {**env, "DJANGO_SETTINGS_MODULE": settings}
    result = subprocess.run(
        [sys.executable, *arguments], cwd=cwd, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"{' '.join(arguments)} failed:\n{result.stderr[-4000:]}")
    if result.stderr.strip():
        print(result.stderr.strip(), file=sys.stderr)
    return result.stdout


def run(arguments) -> None:
    # A SIGTERM (timeout, kill) unwinds through ``finally``, which stops both servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    env = environment()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    started = time.monotonic()
    python(env, "manage.py", "migrate", "--noinput", "-v", "0")
    # The pages need WhiteNoise's manifest with DEBUG off.
    python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
    python(env, "-c", PEER_SCHEMA, cwd=PEER, settings="peer_site.settings")
    python(
        env,
        "-m",
        "django",
        "migrate",
        "--noinput",
        "-v",
        "0",
        cwd=PEER,
        settings="peer_site.settings",
    )
    plan = {"sizes": sizes, "rebuild": arguments.rebuild, "securables": not arguments.no_securables}
    me = str(Path(__file__).resolve())
    orgsite = json.loads(python(env, me, "--build-orgsite", json.dumps(plan)).splitlines()[-1])
    peer = json.loads(
        python(
            env, me, "--build-peer", json.dumps(plan), cwd=PEER, settings="peer_site.settings"
        ).splitlines()[-1]
    )
    print(f"data ready in {time.monotonic() - started:.0f}s", flush=True)

    site_port, peer_port = free_port(), free_port()
    servers = [
        serve(env, "orgsite.wsgi", site_port, REPOSITORY),
        serve(
            {**env, "DJANGO_SETTINGS_MODULE": "peer_site.settings"},
            "peer_site.wsgi",
            peer_port,
            PEER,
        ),
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{site_port}/api/v1/health/")
        wait_until_up(f"http://127.0.0.1:{peer_port}/floor/")
        endpoints = endpoints_of(sizes, orgsite, peer, site_port, peer_port)
        health = {
            "orgsite": f"http://127.0.0.1:{site_port}/api/v1/health/",
            "peer": f"http://127.0.0.1:{peer_port}/floor/",
        }
        for endpoint in endpoints:
            endpoint["bytes"] = fetch_size(endpoint)
        count_in(env, me, endpoints, "orgsite", REPOSITORY, None)
        count_in(env, me, endpoints, "peer", PEER, "peer_site.settings")
        print(
            f"gunicorn: 2 sync workers per site; wrk: {arguments.connections} connections, "
            f"{arguments.duration}s per endpoint, {arguments.rounds} rounds interleaved; "
            f"{os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        with tempfile.TemporaryDirectory() as scripts:
            for round_number in range(arguments.rounds):
                for endpoint in endpoints:
                    endpoint.setdefault("runs", []).append(
                        wrk(endpoint, arguments.duration, arguments.connections, scripts)
                    )
                    # Requests still queued when wrk stopped (a whole list takes seconds)
                    # would otherwise be served during the next endpoint's run.
                    drain(health[endpoint["site"]])
                print(
                    f"round {round_number + 1} done ({time.monotonic() - started:.0f}s)", flush=True
                )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    report(endpoints, sizes)
    if orgsite.get("securables"):
        timing = json.loads(python(env, me, "--time-securables", json.dumps(orgsite["securables"])))
        print(
            "\nsecurables, in process, median of 30 (database time of the page's query): "
            f"securables_visible_to first page {timing['visible_ms']:.2f} ms, plain "
            f"`owner_id = me ORDER BY updated_at DESC LIMIT 50` {timing['plain_ms']:.2f} ms: "
            f"{timing['visible_ms'] / timing['plain_ms']:.1f}× ({timing['visible']:,} visible)"
        )
    print(f"\ntotal {time.monotonic() - started:.0f}s")


PEER_SCHEMA = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE SCHEMA IF NOT EXISTS peer")
"""


def serve(env, application: str, port: int, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            application,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )


def endpoints_of(sizes, orgsite, peer, site_port, peer_port) -> list[dict]:
    site, other = f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{peer_port}"
    endpoints = [{"size": 0, "name": "floor (SELECT 1)", "site": "peer", "url": f"{other}/floor/"}]
    for size in sizes:
        ours, theirs = orgsite["organizations"][str(size)], peer["organizations"][str(size)]
        token = {"Authorization": ours["token"]}
        session = {"Cookie": f"sessionid={ours['session']}"}
        peer_session = {"Cookie": f"sessionid={theirs['session']}"}
        members = f"{site}/api/v1/organizations/{ours['id']}/members/"
        rows = [
            ("REST members, page 1", "orgsite", members, token, None),
            (
                f"REST members, page {DEEP_PAGE}",
                "orgsite",
                f"{members}?page={DEEP_PAGE}",
                token,
                None,
            ),
            ("Users tab, page 1", "orgsite", f"{site}/organization/users/", session, None),
            (
                f"Users tab, page {DEEP_PAGE}",
                "orgsite",
                f"{site}/organization/users/?page={DEEP_PAGE}",
                session,
                None,
            ),
            (
                "Core API get organization + User, limit 50",
                "orgsite",
                f"{site}/0.1.0/organization",
                {},
                {**ours["coreapi"], "find": {"include": [{"model": "User", "limit": 50}]}},
            ),
            (
                "Core API get organization + User",
                "orgsite",
                f"{site}/0.1.0/organization",
                {},
                ours["coreapi"],
            ),
            (
                "peer: user list, 50 a page",
                "peer",
                f"{other}/organizations/{theirs['id']}/people/paged/",
                peer_session,
                None,
            ),
            (
                "peer: user list, whole",
                "peer",
                f"{other}/organizations/{theirs['id']}/people/",
                peer_session,
                None,
            ),
        ]
        for name, where, url, headers, body in rows:
            if size < DEEP_PAGE * PAGE and f"page={DEEP_PAGE}" in url:
                continue
            if size > PEER_WHOLE_LIST_UP_TO and name == "peer: user list, whole":
                continue
            endpoints.append(
                {
                    "size": size,
                    "name": name,
                    "site": where,
                    "url": url,
                    "headers": headers,
                    "body": body,
                }
            )
    if orgsite.get("securables"):
        endpoints.append(
            {
                "size": "securables",
                "name": "REST securables, 2,000 visible of 100k",
                "site": "orgsite",
                "url": f"{site}/api/v1/securables/",
                "headers": {"Authorization": orgsite["securables"]["token"]},
            }
        )
    return endpoints


def request_of(endpoint) -> urllib.request.Request:
    body = endpoint.get("body")
    return urllib.request.Request(
        endpoint["url"],
        data=json.dumps(body).encode() if body else None,
        headers={**endpoint.get("headers", {}), "Content-Type": "application/json"},
        method="POST" if body else "GET",
    )


def fetch_size(endpoint) -> int:
    with urllib.request.urlopen(request_of(endpoint), timeout=120) as response:
        if response.status != 200:
            sys.exit(f"{endpoint['url']} answered {response.status}")
        return len(response.read())


def count_in(env, me, endpoints, site, cwd, settings) -> None:
    mine = [endpoint for endpoint in endpoints if endpoint["site"] == site]
    counts = json.loads(
        python(env, me, "--count-queries", json.dumps(mine), cwd=cwd, settings=settings)
    )
    for endpoint, count in zip(mine, counts, strict=True):
        endpoint["queries"] = count


def wrk(endpoint, duration: int, connections: int, scripts: str) -> dict:
    script = Path(scripts) / "request.lua"
    body = endpoint.get("body")
    lines = [
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}"
        for k, v in endpoint.get("headers", {}).items()
    ]
    if body:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = {json.dumps(json.dumps(body))}",
        ]
    script.write_text("\n".join(lines) + "\n")
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "30s",
            "-s",
            str(script),
            endpoint["url"],
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 120,
    ).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        sys.exit(f"{endpoint['url']}: {failures.group(1)} answers were not 2xx:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
        if requests
        else None,
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
        if requests
        else None,
    }


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def drain(url: str, timeout: float = 180) -> None:
    """Until both workers answer a cheap request at once: nothing is queued any more."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=timeout):
                pass
            with urllib.request.urlopen(url, timeout=timeout):
                pass
        except OSError:
            time.sleep(0.5)
            continue
        if time.monotonic() - started < 0.5:
            return
    sys.exit(f"{url} stayed busy for {timeout}s")


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {timeout}s")


def median(runs, key):
    values = [run[key] for run in runs if run[key] is not None]
    return statistics.median(values) if values else float("nan")


def report(endpoints, sizes) -> None:
    floor = next(endpoint for endpoint in endpoints if endpoint["size"] == 0)
    floor_rps = median(floor["runs"], "rps")
    print(
        f"\nfloor (SELECT 1): {floor_rps:.0f} req/s, p50 {median(floor['runs'], 'p50'):.2f} ms, "
        f"p99 {median(floor['runs'], 'p99'):.2f} ms, {floor['queries']} query"
    )
    groups = [*sizes, "securables"]
    for size in groups:
        rows = [endpoint for endpoint in endpoints if endpoint["size"] == size]
        if not rows:
            continue
        peer = next((row for row in rows if row["name"].startswith("peer: user list, 50")), None)
        peer_rps = median(peer["runs"], "rps") if peer else None
        title = f"{size:,} members" if isinstance(size, int) else "100k securables"
        print(f"\n{title}")
        print(
            "| endpoint | req/s | p50 ms | p99 ms | cost × floor | req/s ÷ floor "
            "| req/s ÷ peer paged | queries | bytes |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            rps = median(row["runs"], "rps") or float("nan")
            to_peer = f"{rps / peer_rps:.1f}" if peer_rps else "-"
            print(
                f"| {row['name']} | {rps:.0f} | {median(row['runs'], 'p50'):.1f} | "
                f"{median(row['runs'], 'p99'):.1f} | {floor_rps / rps:.1f} | "
                f"{rps / floor_rps:.2f} | "
                f"{to_peer} | {row['queries']} | {row['bytes']:,} |"
            )


# Building the data (in a process with orgsite's or the peer's settings) ---------------------


def setup_django() -> None:
    if os.environ.get("DJANGO_SETTINGS_MODULE", "orgsite.settings") == "orgsite.settings":
        sys.path.insert(0, str(REPOSITORY))
        os.environ["DJANGO_SETTINGS_MODULE"] = "orgsite.settings"
    else:
        sys.path.insert(0, str(PEER))
    import django

    django.setup()


def member_name(number: int, size: int) -> str:
    # Not in the order of creation, so that the name order is a real sort.
    return f"Member {(number * 7919) % size:05} {number:05}"


def logged_in_session(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def build_orgsite(plan) -> dict:
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import User
    from accounts.services import api_token_create
    from organizations.models import Membership, Organization, Plan, TeamMembership
    from organizations.roles import OrganizationRole, TeamRole
    from organizations.services.organization import organization_create, organization_delete
    from organizations.services.team import team_add_with_group

    answer = {"organizations": {}}
    password = make_password(None)
    for size in plan["sizes"]:
        slug, domain = f"scale-{size}", f"scale{size}.bench.test"
        organization = Organization.objects.filter(slug=slug).first()
        if organization is not None and (
            plan["rebuild"] or organization.memberships.count() != size
        ):
            owner = organization.memberships.get(role=OrganizationRole.OWNER).user
            organization_delete(acting_user=owner, organization=organization)
            organization = None
        if organization is None:
            started = time.monotonic()
            User.objects.filter(email__endswith=f"@{domain}").delete()
            with transaction.atomic():
                owner = User.objects.create_user(email=f"owner@{domain}", name="Scale Owner")
                organization = organization_create(
                    acting_user=owner, name={"en": f"Scale {size}"}, region="EU"
                )
                Organization.objects.filter(pk=organization.pk).update(
                    slug=slug, plan=Plan.objects.get(code="enterprise")
                )
                teams = list(organization.teams.all()) + [
                    team_add_with_group(organization=organization, name=f"Team {number:03}")
                    # One team per 100 members, at most 100 teams (as bench/api_bench.py).
                    for number in range(1, min(100, max(1, size // 100)))
                ]
                users = User.objects.bulk_create(
                    [
                        User(
                            email=f"u{number:05}@{domain}",
                            name=member_name(number, size),
                            password=password,
                            active_organization_id=organization.pk,
                        )
                        for number in range(1, size)
                    ],
                    batch_size=2000,
                )
                Membership.objects.bulk_create(
                    [
                        Membership(
                            organization=organization,
                            user=user,
                            user_name=user.name,
                            user_email=user.email,
                            role=OrganizationRole.VIEWER
                            if number % 10 == 0
                            else OrganizationRole.MEMBER,
                        )
                        for number, user in enumerate(users)
                    ],
                    batch_size=2000,
                )
                placed = [(teams[number % len(teams)], user) for number, user in enumerate(users)]
                TeamMembership.objects.bulk_create(
                    [
                        TeamMembership(team=team, user=user, role=TeamRole.MEMBER)
                        for team, user in placed
                    ],
                    batch_size=2000,
                )
                User.groups.through.objects.bulk_create(
                    [
                        User.groups.through(user_id=user.pk, group_id=team.group_id)
                        for team, user in placed
                    ],
                    batch_size=2000,
                )
            print(
                f"orgsite: built {size:,} members ({time.monotonic() - started:.0f}s)",
                file=sys.stderr,
            )
        owner = User.objects.get(email=f"owner@{domain}")
        api_token, token = api_token_create(acting_user=owner, name="scale benchmark")
        answer["organizations"][str(size)] = {
            "id": str(organization.pk),
            "token": f"Token {api_token.pk}:{token}",
            "session": logged_in_session(owner),
            "coreapi": {
                "action": "get",
                "version": "0.1.0",
                "key": str(api_token.pk),
                "token": token,
                "find": {"include": [{"model": "User"}]},
            },
        }
    if plan["securables"]:
        answer["securables"] = build_securables(plan["rebuild"])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return answer


def build_securables(rebuild: bool) -> dict:
    import random

    from accounts.models import User
    from accounts.services import api_token_create

    many = User.objects.filter(email="many@bench.test").first()
    if many is None:
        sys.path.insert(0, str(REPOSITORY / "bench"))
        import securables_bench

        started = time.monotonic()
        arguments = argparse.Namespace(
            securables=100_000,
            users=10_000,
            shares=50_000,
            organizations=200,
            teams_per_organization=5,
        )
        securables_bench.fill(arguments, random.Random(20261123))
        many = User.objects.get(email="many@bench.test")
        print(
            f"orgsite: built 100k securables ({time.monotonic() - started:.0f}s)", file=sys.stderr
        )
    api_token, token = api_token_create(acting_user=many, name="scale benchmark")
    return {"token": f"Token {api_token.pk}:{token}", "user": str(many.pk)}


def build_peer(plan) -> dict:
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from organizations.models import Organization, OrganizationOwner, OrganizationUser

    answer = {"organizations": {}}
    password = make_password(None)
    for size in plan["sizes"]:
        slug, domain = f"scale-{size}", f"scale{size}.bench.test"
        organization = Organization.objects.filter(slug=slug).first()
        if organization is not None and (
            plan["rebuild"] or organization.organization_users.count() != size
        ):
            organization.delete()
            organization = None
        if organization is None:
            started = time.monotonic()
            User.objects.filter(email__endswith=f"@{domain}").delete()
            with transaction.atomic():
                owner = User.objects.create_user(
                    username=f"owner@{domain}", email=f"owner@{domain}"
                )
                organization = Organization.objects.create(name=f"Scale {size}", slug=slug)
                owner_user = OrganizationUser.objects.create(
                    organization=organization, user=owner, is_admin=True
                )
                OrganizationOwner.objects.create(
                    organization=organization, organization_user=owner_user
                )
                users = User.objects.bulk_create(
                    [
                        User(
                            username=f"u{number:05}@{domain}",
                            email=f"u{number:05}@{domain}",
                            first_name=member_name(number, size),
                            password=password,
                        )
                        for number in range(1, size)
                    ],
                    batch_size=2000,
                )
                OrganizationUser.objects.bulk_create(
                    [OrganizationUser(organization=organization, user=user) for user in users],
                    batch_size=2000,
                )
            print(
                f"peer: built {size:,} members ({time.monotonic() - started:.0f}s)", file=sys.stderr
            )
        owner = User.objects.get(username=f"owner@{domain}")
        answer["organizations"][str(size)] = {
            "id": organization.pk,
            "session": logged_in_session(owner),
        }
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return answer


def count_queries(endpoints) -> list[int]:
    """Queries of one request to each endpoint, through Django's test client (the same
    middleware and views as under gunicorn), after one warm-up request."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = []
    for endpoint in endpoints:
        path = endpoint["url"].split("/", 3)[3]
        headers = {key.lower(): value for key, value in endpoint.get("headers", {}).items()}
        cookie = headers.pop("cookie", None)
        client = Client(SERVER_NAME="127.0.0.1")
        if cookie:
            client.cookies["sessionid"] = cookie.split("=", 1)[1]

        def call(client=client, path=path, headers=headers, endpoint=endpoint):
            if endpoint.get("body"):
                return client.post(
                    f"/{path}", json.dumps(endpoint["body"]), content_type="application/json"
                )
            return client.get(f"/{path}", headers=headers)

        call()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        assert response.status_code == 200, (endpoint["url"], response.status_code)
        counts.append(len(queries))
    return counts


def time_securables(securables) -> dict:
    setup_django()
    from django.db import connection
    from django.db.models import Count

    from accounts.models import User
    from organizations.models import Securable
    from organizations.selectors.securables import securables_visible_to

    user = User.objects.get(pk=securables["user"])
    from organizations import securable_access

    # The user's reach (what decides their access) is read first: one query of its own.
    reach_queries = []

    def record(execute, sql, params, many, context):
        reach_queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        securable_access.reach_of(user)
    # The plain query's user owns the most securables, so that it too answers 50 rows.
    top_owner = Securable.objects.values("owner").annotate(owned=Count("id")).order_by("-owned")[0]
    # As the lists read it: each source of access cut at the page (issue 11).
    visible_sql, visible_params = securables_visible_to(user, first=PAGE)[
        :PAGE
    ].query.sql_with_params()
    plain_sql, plain_params = (
        Securable.objects.filter(owner_id=top_owner["owner"])
        .order_by("-updated_at", "id")[:PAGE]
        .query.sql_with_params()
    )

    def median_ms(*queries) -> float:
        durations = []
        with connection.cursor() as cursor:
            for _run in range(31):
                started = time.perf_counter()
                for sql, params in queries:
                    cursor.execute(sql, params)
                    cursor.fetchall()
                durations.append((time.perf_counter() - started) * 1000)
        return statistics.median(durations[1:])

    return {
        "visible_ms": median_ms(*reach_queries, (visible_sql, visible_params)),
        "plain_ms": median_ms((plain_sql, plain_params)),
        "visible": securables_visible_to(user).count(),
        "owned": top_owner["owned"],
    }


if __name__ == "__main__":
    main()
