"""What usage metering costs: the same REST endpoint served with metering on and off.

    .venv/bin/python bench/metering_bench.py             # or: make bench-metering
    .venv/bin/python bench/metering_bench.py --help

It reuses api_bench.py's organization (built once in DATABASE_URL's database, or in
var/bench.sqlite3) and its load generators (wrk, else a Python one). For each round it
serves the site with gunicorn (production settings) twice, once with
USAGE_METERING_ENABLED=false and once with it true (the default: counts buffered in memory,
flushed by each worker's thread every USAGE_METERING_FLUSH_SECONDS or 1,000 calls), drives
the organization detail endpoint (authenticated, metered) for the same time, and stops
gunicorn with SIGTERM. Modes alternate round by round, so that drift of the machine weighs on
both. It prints each run, the medians, the ratio metered ÷ unmetered of requests/s and of
p50 latency, and checks that the metered runs' operations reached the database once the
workers stopped.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_bench

REPOSITORY = api_bench.REPOSITORY

USAGE_OF_TODAY = """
from organizations.billing import today_utc
from organizations.models import UsageDay
row = UsageDay.objects.filter(organization_id="{organization_id}", day=today_utc()).first()
print(row.operations if row else 0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each mode")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--rebuild", action="store_true", help="build the organization anew")
    parser.add_argument("--load-generator", choices=["auto", "wrk", "python"], default="auto")
    arguments = parser.parse_args()

    environment = api_bench.bench_environment()
    print(f"database: {api_bench.redact(environment['DATABASE_URL'])}")
    api_bench.manage(environment, "migrate", "--noinput", "-v", "0")
    organization_id, header = api_bench.build(environment, arguments)
    generator = api_bench.choose_load_generator(arguments.load_generator)
    print(
        f"gunicorn: {arguments.workers} sync workers; load: {generator}, "
        f"{arguments.connections} connections, {arguments.duration}s a run, "
        f"{arguments.rounds} rounds; {os.cpu_count()} CPUs, load average before: "
        f"{os.getloadavg()[0]:.2f}\n"
    )
    results: dict[bool, list[dict]] = {False: [], True: []}
    metered_requests = 0
    operations_before = usage_of_today(environment, organization_id)
    for round_number in range(arguments.rounds):
        # Alternate which mode goes first, so neither always runs on a warmer machine.
        modes = (False, True) if round_number % 2 == 0 else (True, False)
        for metering in modes:
            figures = serve_and_measure(
                environment, arguments, generator, organization_id, header, metering
            )
            results[metering].append(figures)
            if metering:
                metered_requests += figures["requests"]
            print(
                f"round {round_number + 1}, metering {'on ' if metering else 'off'}: "
                f"{figures['requests_per_second']:8.1f} req/s  p50 {figures['p50_ms']:6.2f} ms"
                f"  p99 {figures['p99_ms']:6.2f} ms"
            )
    operations = usage_of_today(environment, organization_id) - operations_before
    report(results)
    # wrk counts the answers it received; the server may also have answered a few calls
    # that wrk stopped waiting for at the end of a run (and those are metered too).
    print(
        f"\nmetered operations written by the stopped workers: {operations} "
        f"(load generator counted {metered_requests} answers in the metered runs)"
    )


def serve_and_measure(environment, arguments, generator, organization_id, header, metering):
    port = api_bench.free_port()
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
        cwd=REPOSITORY,  # gunicorn.conf.py: the workers flush their counts when they stop
        env={**environment, "USAGE_METERING_ENABLED": "true" if metering else "false"},
        start_new_session=True,
    )
    url = f"{base}/api/v1/organizations/{organization_id}/"
    try:
        api_bench.wait_until_up(f"{base}/api/v1/health/", server)
        # The checking call is served (and, metered, counted) too: it warms the workers.
        api_bench.check_answers_200(url, header)
        return api_bench.measure(generator, url, header, arguments.duration, arguments.connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def usage_of_today(environment, organization_id: str) -> int:
    output = api_bench.manage(
        environment, "shell", "-c", USAGE_OF_TODAY.format(organization_id=organization_id)
    )
    return int(output.strip().splitlines()[-1])


def report(results: dict[bool, list[dict]]) -> None:
    def median(metering: bool, key: str) -> float:
        return statistics.median(figures[key] for figures in results[metering])

    print(f"\n{'metering':<10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}   (medians)")
    for metering in (False, True):
        print(
            f"{'on' if metering else 'off':<10}{median(metering, 'requests_per_second'):>10.1f}"
            f"{median(metering, 'p50_ms'):>9.2f}{median(metering, 'p99_ms'):>9.2f}"
        )
    throughput = median(True, "requests_per_second") / median(False, "requests_per_second")
    latency = median(True, "p50_ms") / median(False, "p50_ms")
    print(
        f"\nratio metering on ÷ off: requests/s {throughput:.3f}, p50 latency {latency:.3f} "
        f"(overhead {100 * (1 - throughput):+.1f}% throughput)"
    )


if __name__ == "__main__":
    main()
