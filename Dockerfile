# syntax=docker/dockerfile:1
# Production image: gunicorn serving the site as a non-root user; static files collected at build.
# Release step (run once per deploy, before new instances take traffic):
#   docker run --rm --env-file prod.env IMAGE python manage.py migrate --noinput
#   docker run --rm --env-file prod.env IMAGE python manage.py load_content
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000

WORKDIR /app

RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . .

# collectstatic needs settings to import; this throwaway key exists only for this build step.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var /app/media && chown -R app:app /app/var /app/media

USER 10001:10001
EXPOSE 8000

# Liveness (the process answers), whatever DJANGO_ALLOWED_HOSTS says (it asks for 127.0.0.1) and touching no
# database or cache: an outage of either must not get instances restarted. Load balancers ask /healthz, the
# readiness check (README: Health checks).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/livez', timeout=4)"]

# gunicorn reads gunicorn.conf.py from /app by itself.
# Production puts a buffering proxy in front of this port: Varnish with deploy/varnish/backspasm.vcl (it reads
# each request whole, POST bodies included, before gunicorn sees it), or nginx. Do not publish 8000 to the
# internet: gunicorn's threads only limit what slow or idle clients can hold (README: Security).
CMD ["gunicorn", "backspasm_site.wsgi:application"]
