"""Benchmark of "what may this user see": the first page of ``securables_visible_to``.

Fills a throwaway database (Django's test database for the configured one: on PostgreSQL
``test_<name>``, on SQLite ``var/bench_securables.sqlite3``) with organizations, teams,
10,000 users, 100,000 securables and 50,000 shares (each stored as guardian permission rows,
one per cumulative level), then times the first page (50 rows, with organization, owner and
access level) for a user with many shares, one with few, one who sees through teams only and
an organization admin, and prints the median of several runs and the query's plan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/securables_bench.py        # recommended
    .venv/bin/python bench/securables_bench.py --securables 20000 --users 2000 --shares 10000

The database is dropped at the end unless ``--keep`` is given. ``--existing`` times the data
already in the configured database instead (``make bench-scale`` builds it there), without
creating or dropping anything:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/orgsite_bench \\
        .venv/bin/python bench/securables_bench.py --existing
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from accounts.models import User  # noqa: E402
from organizations import securable_access  # noqa: E402
from organizations.models import (  # noqa: E402
    LEVEL_PERMISSIONS,
    Membership,
    Organization,
    Securable,
    SecurableGroupObjectPermission,
    SecurableUserObjectPermission,
    Team,
    TeamMembership,
)
from organizations.models.plan import FREE_PLAN_CODE, Plan  # noqa: E402
from organizations.roles import AccessLevel, OrganizationRole, TeamRole  # noqa: E402
from organizations.selectors.securables import securables_visible_to  # noqa: E402

BATCH = 5000
PAGE = 50


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--securables", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--shares", type=int, default=50_000, help="grants (user or team)")
    parser.add_argument("--organizations", type=int, default=200)
    parser.add_argument("--teams-per-organization", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9, help="timed runs per user (median)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="time the data already in the configured database (bench/scale_bench.py's)",
    )
    return parser.parse_args()


def create_database() -> str:
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(
            settings.VAR_DIR / "bench_securables.sqlite3"
        )
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def fill(arguments: argparse.Namespace, rng: random.Random) -> dict[str, User]:
    """Bulk-loads the data set; returns the users to time."""
    plan = Plan.objects.get(code=FREE_PLAN_CODE)
    organizations = Organization.objects.bulk_create(
        Organization(
            name={"en": f"Organization {number}"},
            slug=f"bench-{number}",
            region="EU",
            plan=plan,
        )
        for number in range(arguments.organizations)
    )
    users = User.objects.bulk_create(
        (
            User(email=f"user{number}@bench.test", name=f"User {number}", password="!")
            for number in range(arguments.users)
        ),
        batch_size=BATCH,
    )

    # Each user belongs to one organization; the first of each is its owner, then about 5%
    # admins, 75% members and 20% viewers. Every fifth user also belongs to a second one.
    members_of: dict[uuid.UUID, list[User]] = {
        organization.pk: [] for organization in organizations
    }
    role_of: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    memberships = []
    for index, user in enumerate(users):
        organization = organizations[index % len(organizations)]
        if not members_of[organization.pk]:
            role = OrganizationRole.OWNER
        else:
            role = rng.choices(
                [OrganizationRole.ADMIN, OrganizationRole.MEMBER, OrganizationRole.VIEWER],
                weights=[5, 75, 20],
            )[0]
        memberships.append(Membership(user=user, organization=organization, role=role))
        members_of[organization.pk].append(user)
        role_of[(user.pk, organization.pk)] = role
        if index % 5 == 4:
            second = organizations[(index * 7 + 3) % len(organizations)]
            if (user.pk, second.pk) not in role_of:
                role = rng.choice([OrganizationRole.MEMBER, OrganizationRole.VIEWER])
                memberships.append(Membership(user=user, organization=second, role=role))
                members_of[second.pk].append(user)
                role_of[(user.pk, second.pk)] = role
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    group_names = [
        f"team:{uuid.uuid4()}"
        for _index in range(arguments.organizations * arguments.teams_per_organization)
    ]
    Group.objects.bulk_create((Group(name=name) for name in group_names), batch_size=BATCH)
    groups = {group.name: group for group in Group.objects.filter(name__in=group_names)}
    teams = Team.objects.bulk_create(
        (
            Team(
                organization=organizations[index // arguments.teams_per_organization],
                name=f"Team {index % arguments.teams_per_organization}",
                group=groups[name],
            )
            for index, name in enumerate(group_names)
        ),
        batch_size=BATCH,
    )
    teams_of: dict[uuid.UUID, list[Team]] = {}
    for team in teams:
        teams_of.setdefault(team.organization_id, []).append(team)
    team_memberships = []
    for organization_id, members in members_of.items():
        for user in members:
            for team in rng.sample(teams_of[organization_id], 2):
                role = rng.choices(
                    [TeamRole.ADMIN, TeamRole.MEMBER, TeamRole.VIEWER], weights=[10, 70, 20]
                )[0]
                team_memberships.append(TeamMembership(team=team, user=user, role=role))
    TeamMembership.objects.bulk_create(team_memberships, batch_size=BATCH)
    Group.user_set.through.objects.bulk_create(
        (
            Group.user_set.through(group_id=membership.team.group_id, user_id=membership.user_id)
            for membership in team_memberships
        ),
        batch_size=BATCH,
    )

    securables = []
    for number in range(arguments.securables):
        organization = organizations[number % len(organizations)]
        owner = rng.choice(members_of[organization.pk])
        securables.append(
            Securable(
                type="dashboard" if number % 3 else "dataset",
                name={"en": f"Securable {number}"},
                contents={"items": []},
                organization=organization,
                owner=owner,
            )
        )
    securables = Securable.objects.bulk_create(securables, batch_size=BATCH)

    # The users to time.
    many = User.objects.create(email="many@bench.test", name="Many shares", password="!")
    few = User.objects.create(email="few@bench.test", name="Few shares", password="!")
    teamed = User.objects.create(email="teams@bench.test", name="Through teams", password="!")
    manager = User.objects.create(email="admin@bench.test", name="Admin", password="!")
    home = organizations[0]
    Membership.objects.bulk_create(
        [
            Membership(user=many, organization=home, role=OrganizationRole.MEMBER),
            Membership(user=few, organization=home, role=OrganizationRole.MEMBER),
            Membership(user=teamed, organization=home, role=OrganizationRole.MEMBER),
            Membership(user=teamed, organization=organizations[1], role=OrganizationRole.VIEWER),
            Membership(user=manager, organization=organizations[2], role=OrganizationRole.ADMIN),
        ]
    )
    teamed_teams = [teams_of[home.pk][0], teams_of[home.pk][1], teams_of[organizations[1].pk][0]]
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(team=teamed_teams[0], user=teamed, role=TeamRole.MEMBER),
            TeamMembership(team=teamed_teams[1], user=teamed, role=TeamRole.VIEWER),
            TeamMembership(team=teamed_teams[2], user=teamed, role=TeamRole.ADMIN),
        ]
    )

    content_type = ContentType.objects.get_for_model(Securable)
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type=content_type)
    }
    level_permissions = [permissions[LEVEL_PERMISSIONS[level]] for level in AccessLevel]

    # Shares: 2,000 with "many", 5 with "few", 2,000 with the teams of "teamed"; the rest
    # spread over random users (70%) and random teams (30%), one share per pair.
    shared_pairs: set[tuple[str, uuid.UUID, object]] = set()
    user_rows: list[SecurableUserObjectPermission] = []
    group_rows: list[SecurableGroupObjectPermission] = []

    def share(securable: Securable, level: int, *, user: User | None = None, team=None) -> bool:
        key = ("user", securable.pk, user.pk) if user else ("team", securable.pk, team.pk)
        if key in shared_pairs:
            return False
        shared_pairs.add(key)
        for permission in level_permissions[:level]:
            if user is not None:
                user_rows.append(
                    SecurableUserObjectPermission(
                        content_object=securable,
                        user=user,
                        permission=permission,
                        securable_updated_at=securable.updated_at,
                    )
                )
            else:
                group_rows.append(
                    SecurableGroupObjectPermission(
                        content_object=securable,
                        group_id=team.group_id,
                        permission=permission,
                        securable_updated_at=securable.updated_at,
                    )
                )
        return True

    targeted = {"many": 2000, "few": 5, "teamed": 2000}
    for securable in rng.sample(securables, targeted["many"]):
        share(securable, rng.randint(1, 4), user=many)
    for securable in rng.sample(securables, targeted["few"]):
        share(securable, rng.randint(1, 4), user=few)
    for securable in rng.sample(securables, targeted["teamed"]):
        share(securable, rng.randint(1, 4), team=rng.choice(teamed_teams))
    remaining = arguments.shares - sum(targeted.values())
    made = 0
    while made < remaining:
        securable = rng.choice(securables)
        level = rng.randint(1, 4)
        if rng.random() < 0.7:
            made += share(securable, level, user=rng.choice(users))
        else:
            made += share(securable, level, team=rng.choice(teams))
    SecurableUserObjectPermission.objects.bulk_create(user_rows, batch_size=BATCH)
    SecurableGroupObjectPermission.objects.bulk_create(group_rows, batch_size=BATCH)
    print(
        f"  {len(shared_pairs):,} shares stored as {len(user_rows):,} user and "
        f"{len(group_rows):,} team permission rows"
    )
    return targets()


# The users to time, by the e-mail ``fill`` gives them.
TARGETS = {
    "many shares (2,000 direct)": "many@bench.test",
    "few shares (5 direct)": "few@bench.test",
    "through teams (3 teams, 2,000 team shares)": "teams@bench.test",
    "organization admin (500 securables)": "admin@bench.test",
}


def targets() -> dict[str, User]:
    return {label: User.objects.get(email=email) for label, email in TARGETS.items()}


class DatabaseTimer:
    """Counts the queries and adds up the time spent in the database."""

    def __init__(self) -> None:
        self.queries = 0
        self.milliseconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.milliseconds += (time.perf_counter() - started) * 1000


def first_page_query(user: User, top_n: bool):
    """The first page as the lists read it (each source cut at the page: ``first``), or,
    for comparison, from every visible id (what the lists did before issue 11)."""
    return securables_visible_to(user, first=PAGE if top_n else None)[:PAGE]


def first_page(user: User, top_n: bool = True) -> list[tuple]:
    return [
        (
            securable.pk,
            securable.display_name,
            securable.organization.slug,
            securable.owner.email,
            securable.access_level,
        )
        for securable in first_page_query(user, top_n)
    ]


def explain_times(query: tuple[str, tuple], runs: int) -> tuple[float, float]:
    """Median planning and execution times (ms) of the query, from PostgreSQL's EXPLAIN
    ANALYZE: the planner's share is a fixed cost of every request, whatever the rows."""
    sql, params = query
    planning, execution = [], []
    with connection.cursor() as cursor:
        for _run in range(runs):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            planning.append(plan[0]["Planning Time"])
            execution.append(plan[0]["Execution Time"])
    return statistics.median(planning), statistics.median(execution)


def reach_query(user: User) -> tuple[str, tuple]:
    """The first of the top-N page's two queries (``securable_access.reach_of``)."""
    queries = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        securable_access.reach_of(user)
    return queries[0]


def measure(users: dict[str, User], runs: int) -> None:
    print(
        f"\nFirst page ({PAGE} rows) of securables_visible_to, median of {runs} runs (total "
        "in Django, of which in the database; top-N: the user's reach, then the page):"
    )
    for top_n in (False, True):
        how = "top-N per source" if top_n else "every visible id first"
        print(f"\n  {how}:")
        for label, user in users.items():
            first_page(user, top_n)  # warm up
            durations, database_durations = [], []
            for _run in range(runs):
                timer = DatabaseTimer()
                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    page = first_page(user, top_n)
                    durations.append((time.perf_counter() - started) * 1000)
                assert timer.queries == (2 if top_n else 1), timer.queries
                database_durations.append(timer.milliseconds)
            visible = securables_visible_to(user).count()
            print(
                f"  {label:<45} {statistics.median(durations):7.1f} ms "
                f"(database {statistics.median(database_durations):.1f} ms; "
                f"min {min(durations):.1f}, max {max(durations):.1f}); "
                f"{len(page)} rows of {visible:,} visible"
            )
    for user in users.values():
        assert first_page(user, True) == first_page(user, False)
    # The yardstick: the most recent securables of the user who owns the most, from
    # an index (so that it too answers a whole page).
    top_owner = Securable.objects.values("owner").annotate(owned=Count("id")).order_by("-owned")[0]
    plain = Securable.objects.filter(owner_id=top_owner["owner"]).order_by("-updated_at", "id")[
        :PAGE
    ]
    durations = []
    for _run in range(runs):
        started = time.perf_counter()
        list(plain.values_list("id", flat=True))
        durations.append((time.perf_counter() - started) * 1000)
    print(
        f"\n  plain owner_id = me ORDER BY updated_at LIMIT {PAGE}: "
        f"{statistics.median(durations):.1f} ms"
    )
    if connection.vendor == "postgresql":
        print(f"\nEXPLAIN ANALYZE, planning + execution, median of {runs} (ms):\n")
        for label, user in users.items():
            for top_n in (False, True):
                how = "top-N per source" if top_n else "every visible id first"
                planning, execution = explain_times(
                    first_page_query(user, top_n).query.sql_with_params(), runs
                )
                print(f"  {label:<45} {how:<24} {planning:6.2f} + {execution:6.2f}")
            planning, execution = explain_times(reach_query(user), runs)
            print(f"  {label:<45} {'top-N: reach query':<24} {planning:6.2f} + {execution:6.2f}")
        planning, execution = explain_times(plain.query.sql_with_params(), runs)
        print(f"  {'plain owner_id = me LIMIT 50':<45} {'':<24} {planning:6.2f} + {execution:6.2f}")
    for label, user in users.items():
        for top_n in (False, True):
            queryset = first_page_query(user, top_n)
            how = "top-N per source" if top_n else "every visible id first"
            print(f"\nEXPLAIN, {label}, {how}:\n")
            if connection.vendor == "postgresql":
                print(queryset.explain(analyze=True, buffers=True))
            else:
                print(queryset.explain())


def main() -> None:
    arguments = parse_arguments()
    print(f"Database: {connection.vendor}", flush=True)
    if arguments.existing:
        measure(targets(), arguments.runs)
        return
    rng = random.Random(arguments.seed)
    old_name = connection.settings_dict["NAME"]
    timed("create and migrate the benchmark database", create_database)
    try:
        print(
            f"Filling: {arguments.securables:,} securables, {arguments.users:,} users, "
            f"{arguments.shares:,} shares",
            flush=True,
        )
        users = timed("fill", lambda: fill(arguments, rng))
        # Statistics for the planner and, on PostgreSQL, the visibility map for index-only
        # scans: what a database in use has.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(
            f"Rows: {Securable.objects.count():,} securables, {User.objects.count():,} users, "
            f"{SecurableUserObjectPermission.objects.count():,} user permission rows, "
            f"{SecurableGroupObjectPermission.objects.count():,} team permission rows"
        )
        measure(users, arguments.runs)
    finally:
        if arguments.keep:
            print(f"\nKept the database {connection.settings_dict['NAME']}.")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
