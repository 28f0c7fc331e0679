"""Settings for backspasm, read from environment variables.

Local (the default): DEBUG off, SQLite in var/, local-memory cache, plain HTTP on 127.0.0.1, and the secret
key `make run` generated once into .local-secret-key. Production (DJANGO_ENV=production): a real
DJANGO_SECRET_KEY is required and the HTTPS settings below switch on. Every variable is listed in the README.
The environment is read with django-environ; importing this module reads files but never writes one.
"""

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from backspasm_site.core.security import parse_networks, static_file_headers

# GENERAL
# ----------------------------------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent


env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; unset or empty gives the default (an empty DJANGO_SECURE_SSL_REDIRECT= in
    production must not switch the redirect off)."""
    return env.bool(name, default=default) if env.str(name, default="").strip() else default


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable; unset or empty gives the default."""
    return [item.strip() for item in env.list(name, default=[]) if item.strip()] or default


PRODUCTION = env.str("DJANGO_ENV", default="local").strip().lower() == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)
LOCAL_SECRET_KEY_FILE = BASE_DIR / ".local-secret-key"  # made by `make run` (Makefile), git-ignored


def _secret_key() -> str:
    key = env.str("DJANGO_SECRET_KEY", default="")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")
    if LOCAL_SECRET_KEY_FILE.exists():  # kept so that sessions survive a restart
        return LOCAL_SECRET_KEY_FILE.read_text().strip()
    # Neither (a command run before `make run`): a key for this process only, written nowhere.
    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])


# Production stops at start-up, naming the variable, rather than run with debug pages (settings and
# tracebacks for anyone), a guessable secret key, or any Host answered (issue 31; it was a warning).
_unsafe = {
    "DJANGO_DEBUG must be off (unset, or 0) when DJANGO_ENV=production.": DEBUG,
    "DJANGO_SECRET_KEY must be 50 or more random characters when DJANGO_ENV=production.": (
        len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
    ),
    "DJANGO_ALLOWED_HOSTS must name the site's hosts, not a wildcard, in production.": any(
        host.startswith("*") for host in ALLOWED_HOSTS
    ),
}
if PRODUCTION and any(_unsafe.values()):
    raise ImproperlyConfigured(" ".join(problem for problem, found in _unsafe.items() if found))
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# APPS
# ----------------------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "simple_history",
    "csp",
    "axes",
    "backspasm_site.core",
    "backspasm_site.articles",
    "backspasm_site.symptom_checker",
    "backspasm_site.feedback",
    "backspasm_site.editorial",
    "backspasm_site.page_cache",
    "backspasm_site.search",
    "backspasm_site.seo",
    "backspasm_site.moved_pages",
    "backspasm_site.insight",
]

# MIDDLEWARE
# ----------------------------------------------------------------------------------------------------------
MIDDLEWARE = [
    # /livez, /healthz and /readyz answer here, before anything checks the Host: the container's own check,
    # a load balancer and Varnish's probe ask by address (127.0.0.1, the instance's), not the site's name.
    "backspasm_site.core.health.HealthChecksMiddleware",
    # Notes the URL name of the view that answers, for the requests metrics (insight/metrics.py).
    "backspasm_site.insight.metrics.ViewName",
    "django.middleware.security.SecurityMiddleware",
    # Static files, as WhiteNoise's docs place it: right after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags of the bytes sent, and 304s for a browser's revalidation: outside Django's page cache, so a
    # stored page is revalidated too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Marks the pages anyone may see as shareable for the edge cache (page_cache/edge.py); outside sessions,
    # CSRF and Django's page cache, so it sees the cookies they set and decides for stored pages too.
    "backspasm_site.page_cache.edge.SharedCacheMiddleware",
    # Django's per-site cache for anonymous reads (page_cache/pages.py): a stored page skips what follows.
    "backspasm_site.page_cache.pages.UpdatePageCache",
    "backspasm_site.page_cache.pages.FetchPageCache",
    # Pages compressed for browsers that take gzip (with Django's BREACH mitigation). Inside the page cache,
    # where Django's docs place it (it adds Vary: Accept-Encoding), so a stored page is stored compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # In admin, a save that read-only or full storage refuses gets "saving is unavailable", not the 500.
    "backspasm_site.core.health.SavingUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which signed-in user made each change in the content history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-csp's, allowing the inline stylesheet by its hash (backspasm_site/core/csp_middleware.py).
    "backspasm_site.core.csp_middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Each page's surrogate keys as one header, inside the page cache so a stored page keeps them.
    "backspasm_site.page_cache.edge.SurrogateKeyMiddleware",
    # Old addresses of moved or removed pages answer 301 where the site would answer 404 (moved_pages).
    "backspasm_site.moved_pages.middleware.MovedPagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# django-axes must see every login attempt first; Django's own backend then checks the password.
# AUTHENTICATION
# ----------------------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# URLS AND TEMPLATES
# ----------------------------------------------------------------------------------------------------------
ROOT_URLCONF = "backspasm_site.urls"
WSGI_APPLICATION = "backspasm_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backspasm_site.core.context_processors.site",
            ],
        },
    },
]

# DATABASES
# ----------------------------------------------------------------------------------------------------------
# Database: SQLite file by default, any DATABASE_URL (PostgreSQL in production) when set.
# Connections are kept between requests (opening one and its set-up is a third of a cold page's time);
# each gunicorn thread that has served a request holds one (workers x threads per instance: README).
SQLITE_PATH = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env.int("DB_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
# SQLite is set up for a server: WAL lets readers and a writer work at once, IMMEDIATE transactions take
# the write lock up front (no mid-transaction "database is locked"), and a busy timeout waits for it.
# The file is made readable by the site's user only when a connection opens (core/apps.py), not here; its
# folder var/ is made by `make run`.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# CACHES
# ----------------------------------------------------------------------------------------------------------
# "default" (the feedback limit's counts): local memory, or CACHE_URL=redis://host:port/db for Django's own
# Redis backend, with short timeouts: a Redis that is down or hangs costs a feedback post a short wait.
# "pages" (page_cache/pages.py): whole public pages, in the database's cache table (made by migrate:
# page_cache migration 0002), so every worker and instance shares one copy and a publish empties it for
# all of them.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    _redis_timeout = env.float("CACHE_TIMEOUT_SECONDS", default=0.25)
    _default_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="backspasm"),
        "OPTIONS": {"socket_connect_timeout": _redis_timeout, "socket_timeout": _redis_timeout},
    }
elif CACHE_URL in ("", "locmem://"):
    _default_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://... or locmem://, not {CACHE_URL!r}.")
# Kept this long at most: a page rendered from rows an editor was publishing at that very moment can
# outlive the publish by this much (the edge is purged after the commit, and fetches the page again).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
CACHES = {
    "default": _default_cache,
    "pages": {
        "BACKEND": "backspasm_site.page_cache.pages.QuickReadDatabaseCache",
        "LOCATION": "page_cache",
        "TIMEOUT": PAGE_CACHE_SECONDS,
        # Every page of a 10,000-article site: a row of its headers and one for each of gzip and plain.
        "OPTIONS": {"MAX_ENTRIES": 40_000},
    },
}
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS

# EDGE CACHE
# ----------------------------------------------------------------------------------------------------------
# The HTTP cache in front (Varnish, a CDN) keeps a public page this long (s-maxage), serves it while it
# fetches a fresh one (stale-while-revalidate) and while the site fails (stale-if-error); browsers
# revalidate each time. Edits do not wait for these: the pages they touch are purged by surrogate key
# (page_cache/edge.py).
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=86400)
EDGE_STALE_IF_ERROR_SECONDS = env.int("EDGE_STALE_IF_ERROR_SECONDS", default=86400)
# Which edge to purge after each content change: "" (none), "varnish:http://127.0.0.1:6081[,...]" (each
# instance), "fastly:<service id>" or "cloudflare:<zone id>" with FASTLY_API_TOKEN / CLOUDFLARE_API_TOKEN.
EDGE_PURGE = env.str("EDGE_PURGE", default="").strip()
# Varnish takes a purge only with this token (sent as `Authorization: Bearer <token>`) and only from the
# addresses or networks in EDGE_PURGE_FROM; both are written into its VCL by `manage.py render_vcl`.
EDGE_PURGE_TOKEN = env.str("EDGE_PURGE_TOKEN", default="").strip()
EDGE_PURGE_FROM = env_list("EDGE_PURGE_FROM", ["127.0.0.1", "::1"])
# Proxies in front of Varnish (a TLS terminator speaking plain HTTP to it) whose X-Forwarded-For and
# X-Forwarded-Proto it believes; from anyone else it sets both itself (render_vcl writes them into the VCL).
EDGE_TLS_FROM = env_list("EDGE_TLS_FROM", [])
FASTLY_API_TOKEN = env.str("FASTLY_API_TOKEN", default="")
CLOUDFLARE_API_TOKEN = env.str("CLOUDFLARE_API_TOKEN", default="")
# Without Redis, the feedback limit is counted in this small SQLite file, which every worker shares: beside
# the SQLite database (so each database, a test's included, has its own), or in var/.
FEEDBACK_COUNTS_FILE = env.str("FEEDBACK_COUNTS_FILE", default="") or (
    f"{DATABASES['default']['NAME']}.feedback-counts"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else str(BASE_DIR / "var" / "feedback-counts.sqlite3")
)

# PASSWORDS
# ----------------------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# LANGUAGE AND TIME
# ----------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# STATIC AND MEDIA FILES
# ----------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names + gzip/Brotli copies; WhiteNoise serves them with far-future immutable caching.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000
# WhiteNoise takes the function itself, not its dotted path.
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers

# MODELS AND REQUESTS
# ----------------------------------------------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Health answers are never stored: the checker keeps nothing in the session, and requests are small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# SECURITY (https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/)
# ----------------------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Production sits behind a TLS-terminating proxy; locally `make run` stays plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
# Error reports mask the checker's answers cookie as they mask secrets (health answers are never logged).
DEFAULT_EXCEPTION_REPORTER_FILTER = "backspasm_site.core.error_reports.HealthAnswersHidden"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=63072000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", PRODUCTION)
# The proxies whose X-Forwarded-For is believed, for the client address that login lockout and the feedback
# limit count by (backspasm_site/core/security.py: client_ip): addresses or networks, comma-separated. None
# by default, here or in production: a request counts by its socket's address until the proxies in front
# are named, so a client that reaches gunicorn directly cannot pick its own address.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
parse_networks(TRUSTED_PROXIES)  # a mistyped entry stops start-up instead of being ignored
if env.str("DJANGO_PROXY_HOPS", default=""):
    # It trusted the header from any sender, which is what let a direct client beat the lockout.
    raise ImproperlyConfigured(
        "DJANGO_PROXY_HOPS is no longer read: list your proxies' addresses or networks in "
        "DJANGO_TRUSTED_PROXIES instead (README: Environment variables), and unset DJANGO_PROXY_HOPS."
    )
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Where the HTTP-to-HTTPS redirect goes when HTTPS is served on another host or port. The health checks,
# asked over plain HTTP, are answered before it (core/health.py).
SECURE_SSL_HOST = env.str("DJANGO_SECURE_SSL_HOST", default="") or None
# /healthz and /readyz answer the public with their status alone; what is wrong (database, storage, the
# render process) only to a request with `Authorization: Bearer <HEALTH_TOKEN>` (none: to nobody).
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="").strip()
# /metrics (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`, and 404 to everyone else, from
# any address; unset, it answers nobody (insight/views.py).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="").strip()

# Content-Security-Policy (django-csp 4): nothing runs or loads unless it is a file from this site. No
# inline script or style anywhere, admin included, so no 'unsafe-inline', no 'unsafe-eval' and no nonces
# (a nonce would make every page differ, and public pages are cached whole). markdownx's preview posts to
# /markdownx/markdownify/ on this site (connect-src 'self').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features this site never uses, switched off for it and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# Admin sign-in (django-axes): 5 wrong passwords for one user name from one address lock that pair out,
# and 20 for one user name from any addresses lock the account itself, so changing address buys an
# attacker at most 20 guesses an hour per account (core/security.py: lockout_parameters). During a lockout
# even the right password is refused (429). It lifts after an hour, or at once with
# `manage.py axes_reset_username NAME`.
# After signing in, a `next=` that is refused (another site's address, say) goes to the admin's home page,
# not Django's default /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURES_PER_USERNAME = 20
AXES_LOCKOUT_PARAMETERS = "backspasm_site.core.security.lockout_parameters"
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "backspasm_site.core.security.client_ip"
# A form that fails its CSRF check (cookies blocked, page left open too long) gets a page that still
# says how to get emergency help, not Django's bare error.
CSRF_FAILURE_VIEW = "backspasm_site.core.views.csrf_failure"

# CONTENT AND THE CHECKER
# ----------------------------------------------------------------------------------------------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "backspasm_site.core.markdown.render_markdown"
MARKDOWNX_MEDIA_PATH = "markdownx/"
MARKDOWNX_UPLOAD_MAX_SIZE = 2 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"]
# Pixels, counted from the file's header before it is decoded (core/image_uploads.py): a 687 KB PNG of
# 13,300 × 13,300 pixels took a worker to 1.45 GB. 16 million is more than a 12-megapixel phone photo.
MARKDOWNX_IMAGE_MAX_PIXELS = 16_000_000
CONTENT_DIR = BASE_DIR / "content"

SITE_NAME = "Back spasm help"
# The site's public address, for canonical links, the sitemap and link previews (never the Host header).
# Locally it follows PORT, so `PORT=8621 make run` links to itself.
# In production without SITE_URL, the first of DJANGO_ALLOWED_HOSTS over HTTPS: mail sent by a command
# (publish_due has no request and no PORT) must not link to port 8000.
_LOCAL_URL = f"http://127.0.0.1:{env.str('PORT', default='') or '8000'}"
_NAMED_HOSTS = [host for host in ALLOWED_HOSTS if not host.startswith((".", "*"))]
_PRODUCTION_URL = f"https://{_NAMED_HOSTS[0]}" if PRODUCTION and _NAMED_HOSTS else _LOCAL_URL
SITE_URL = (env.str("SITE_URL", default="") or _PRODUCTION_URL).strip().rstrip("/")
# A GET page per checker verdict, only for measuring them with Lighthouse; never on in production.
VERDICT_PREVIEW = env_bool("BACKSPASM_VERDICT_PREVIEW", False) and not PRODUCTION
# The reading grade (Flesch-Kincaid) every page aims at or below: grade 7, a reading age of about 12. Admin's
# figure for each article, the About page ({{ reading_grade_aim }}) and articles/tests/test_readability.py
# read it.
READING_GRADE_AIM = 7
# The numbers the advice tells people to call, written into every page from here (never typed into content):
# the emergency number, and the urgent-care line for help today when the GP surgery cannot see them.
EMERGENCY_NUMBER = env.str("EMERGENCY_NUMBER", default="").strip() or "999"
URGENT_NUMBER = env.str("URGENT_NUMBER", default="").strip() or "111"

# EMAIL
# ----------------------------------------------------------------------------------------------------------
# Editors' notifications and the reviewers' weekly digest (editorial/notifications.py). Printed to the
# console by default; EMAIL_URL=smtp://user:password@host:587 sends by SMTP with STARTTLS (smtps://...:465
# for TLS from the start, ?tls=off for a relay on the same machine). One variable, like DATABASE_URL.
EMAIL_URL = env.str("EMAIL_URL", default="").strip()
_email = urlsplit(EMAIL_URL)
if _email.scheme in ("smtp", "smtps"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp" and parse_qs(_email.query).get("tls") != ["off"]
elif EMAIL_URL in ("", "console://"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtps:// or console://.")  # never echo it
# A mail server that hangs must not hold an editor's request (mail is sent after the action is saved).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT_SECONDS", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="").strip() or (
    f"{SITE_NAME} <noreply@{urlsplit(SITE_URL).hostname or 'localhost'}>"
)

# LOGGING
# ----------------------------------------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object a line (time, level, logger, message; a server error's traceback), for a
# log collector; otherwise plain text. Neither ever carries a client address, a cookie or a query string.
LOG_FORMAT = env.str("LOG_FORMAT", default="text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
_json_lines = "backspasm_site.core.log.JsonLines" if LOG_FORMAT == "json" else None
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": _json_lines or "logging.Formatter"},
        "one_line": {"()": _json_lines or "backspasm_site.core.log.FourXXFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "console_one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Odd Host headers and malformed posts (too big, too many fields, broken multipart) are the sender's
        # fault and get a 400: one line each, no traceback that would read as a server fault.
        "django.security": {"handlers": ["console_one_line"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["console_one_line"], "level": "WARNING", "propagate": False},
    },
}

# ERROR REPORTS
# ----------------------------------------------------------------------------------------------------------
# With SENTRY_DSN set, server errors go to Sentry (or a service that speaks its protocol) with every form
# field, cookie, query string, request body, header and local variable removed first (insight/sentry.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="").strip()
if SENTRY_DSN:
    import sentry_sdk

    from backspasm_site.insight.sentry import options

    sentry_sdk.init(**options(SENTRY_DSN, environment="production" if PRODUCTION else "local"))
