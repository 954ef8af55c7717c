"""Gunicorn's settings, read from the working directory (gunicorn's default config file):
`gunicorn orgsite.wsgi` run from the repository uses them, command-line options win.

Each worker buffers usage counts in memory (``organizations.metering``). ``worker_exit``
writes what is left when a worker stops normally (restart, SIGTERM or SIGQUIT to the
master, ``--max-requests``); ``atexit`` does it as well, whichever comes first.
"""

import sys

# The access log (when enabled, e.g. --access-logfile -) with invitation and password-reset
# tokens, and other secrets of paths, queries and referrers, masked.
logger_class = "common.gunicorn_logging.SecretMaskingLogger"


def worker_exit(server, worker):
    metering = sys.modules.get("organizations.metering")
    if metering is not None:  # else the application never loaded: nothing was counted
        metering.usage_meter.shutdown()
