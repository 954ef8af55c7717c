"""Profile one request in process: where a page's time goes, function by function.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/orgsite_bench \\
        .venv/bin/python bench/profile_request.py /organization/users/ \\
        --user owner@scale10000.bench.test [--token] [--post JSON] [--repeat 200] [--top 40]

    # The Core API: a fresh key/token pair of the user put into the posted body.
    .venv/bin/python bench/profile_request.py /0.1.0/organization --user owner@scale10.bench.test \\
        --coreapi-token \\
        --post '{"action": "get", "version": "0.1.0", "find": {"include": ["User"]}}'

The data is `make bench-scale`'s (bench/scale_bench.py builds it). Runs with DEBUG off, as
gunicorn serves it; warms up first (URL resolvers, templates, translations are loaded once a
process), then runs the request ``--repeat`` times under cProfile and prints the functions by
cumulative and by own time, and the mean wall time and queries of one request. A profile is
for finding where time goes; the figures to report come from the wrk benchmarks.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="e.g. /organization/users/ or /api/v1/organizations/<id>/…")
    parser.add_argument("--user", required=True, help="the e-mail of the user who asks")
    parser.add_argument("--token", action="store_true", help="authenticate with an API token")
    parser.add_argument("--post", help="a JSON body to POST (the Core API)")
    parser.add_argument(
        "--coreapi-token",
        action="store_true",
        help="put a fresh API key/token pair of the user into the posted body (key, token)",
    )
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--memory", action="store_true", help="the peak of Python memory of one request"
    )
    parser.add_argument("--sql", action="store_true", help="print the queries of one request")
    parser.add_argument(
        "--query-times",
        action="store_true",
        help="the median time of each query of the request (round trip included), in ms",
    )
    arguments = parser.parse_args()

    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "profile-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("API_AUTH_FAILURE_RATE", "100000/minute")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgsite.settings")
    # Pages need WhiteNoise's manifest with DEBUG off: bench/scale_bench.py collects it here.
    os.environ.setdefault("STATIC_ROOT", str(REPOSITORY / "var" / "bench-static"))
    sys.path.insert(0, str(REPOSITORY))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from accounts.services import api_token_create

    user = User.objects.get(email=arguments.user)
    client = Client()
    headers = {}
    if arguments.token:
        api_token, token = api_token_create(acting_user=user, name="profile")
        headers["HTTP_AUTHORIZATION"] = f"Token {api_token.pk}:{token}"
    elif not arguments.coreapi_token:
        client.force_login(user)
    if arguments.coreapi_token:
        if not arguments.post:
            sys.exit("--coreapi-token needs --post")
        api_token, token = api_token_create(acting_user=user, name="profile")
        arguments.post = json.dumps(
            {**json.loads(arguments.post), "key": str(api_token.pk), "token": token}
        )

    def call():
        if arguments.post:
            response = client.post(
                arguments.path, arguments.post, content_type="application/json", **headers
            )
        else:
            response = client.get(arguments.path, **headers)
        if response.status_code != 200:
            sys.exit(f"{arguments.path} answered {response.status_code}")
        return response

    def content(response) -> int:
        """The answer's length; a streamed one read to its end as a client would, each
        piece dropped once counted (its peak memory is then the server's alone)."""
        if response.streaming:
            return sum(len(piece) for piece in response.streaming_content)
        return len(response.content)

    for _ in range(10):
        response = call()
        length = content(response)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, not CaptureQueriesContext: each request's start empties the debug log.
    with connection.execute_wrapper(record):
        content(call())
    peak = None
    if arguments.memory:
        tracemalloc.start()
        content(call())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    started = time.perf_counter()
    for _ in range(arguments.repeat):
        content(call())
    wall = (time.perf_counter() - started) / arguments.repeat
    query_times = None
    if arguments.query_times:
        durations: list[list[float]] = []

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                durations[-1].append((time.perf_counter() - started) * 1000)

        with connection.execute_wrapper(timed):
            for _ in range(arguments.repeat):
                durations.append([])
                content(call())
        query_times = [round(statistics.median(run), 3) for run in zip(*durations, strict=True)]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(arguments.repeat):
        content(call())
    profiler.disable()
    if arguments.sql:
        print("\n\n".join(queries), end="\n\n")
    for order in ("cumulative", "tottime"):
        output = io.StringIO()
        pstats.Stats(profiler, stream=output).sort_stats(order).print_stats(arguments.top)
        print(output.getvalue())
    print(
        json.dumps(
            {
                "path": arguments.path,
                "mean_ms_unprofiled": round(wall * 1000, 2),
                "queries": len(queries),
                "bytes": length,
                **({"query_ms": query_times} if query_times is not None else {}),
                **({"peak_python_memory_mb": round(peak / 2**20, 1)} if peak is not None else {}),
            }
        )
    )


if __name__ == "__main__":
    main()
