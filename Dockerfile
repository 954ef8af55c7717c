# orgsite for operators who deploy with containers (README, "Containers"). CI builds nothing
# with it (no registry is reachable there): keep it simple.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=false
# No system package is needed: psycopg and Pillow come as wheels, the .mo files are
# committed.
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
# Static files are collected into the image; WhiteNoise serves them. The key only lets the
# settings load for collectstatic; the real one comes from the environment at run time.
RUN SECRET_KEY=collectstatic-only-not-a-secret-key-0123456789abcdefghij \
    python manage.py collectstatic --noinput -v 0 \
 && useradd --system --home-dir /app orgsite
USER orgsite
EXPOSE 8000
CMD ["gunicorn", "orgsite.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
