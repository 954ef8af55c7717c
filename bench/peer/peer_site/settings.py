"""The peer of the scale benchmark: django-organizations' own views in a bare project, on
the same PostgreSQL database as orgsite (its own schema, ``peer``, so that its tables do not
meet orgsite's), and the floor: one view that runs ``SELECT 1``.

Run from bench/peer/ (so that ``organizations`` is django-organizations, not orgsite's app).
"""

import environ

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="peer-benchmark-only-" + "x" * 40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "organizations",
    "peer_site",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "peer_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["OPTIONS"] = {"options": "-c search_path=peer"}
DATABASES["default"]["CONN_MAX_AGE"] = 60
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/login/"
