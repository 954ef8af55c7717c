"""Gunicorn's access log without secrets: gunicorn writes each request line, path, query
and referrer, so an invitation link's token would be in it (see common/logging.py). This
logger masks them in every text atom of the log format before it is written.

Used by ``gunicorn.conf.py`` (``logger_class``); ``--logger-class`` on the command line
overrides it.
"""

from gunicorn.glogging import Logger

from common.logging import mask_secrets


class SecretMaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        return {
            name: mask_secrets(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }
