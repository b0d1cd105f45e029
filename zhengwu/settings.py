"""Settings, read from the environment (twelve-factor).

DATABASE_URL  sqlite:///path (default: var/zhengwu.sqlite3) or postgresql://user@host:port/db
SECRET_KEY    required when DEBUG is off outside tests/demo (a per-install key is generated into var/ otherwise)
ALLOWED_HOSTS comma separated
MEDIA_ROOT    where uploaded attachments live
DEBUG         "1" to turn debugging on; off by default
"""
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHENGWU_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = _env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "zhengwu.org",
    "zhengwu.audit",
    "zhengwu.workdays",
    "zhengwu.disclosure",
    "zhengwu.portal",
    "zhengwu.applications",
    "zhengwu.services",
    "zhengwu.interaction",
    "zhengwu.reports",
    "zhengwu.search",
    "zhengwu.supervision",
    "zhengwu.sitehealth",
    "zhengwu.importer",
    "zhengwu.api",
    "zhengwu.security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "zhengwu.workbench",
    "zhengwu.ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhengwu.security.csp.ScopedCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag/Last-Modified and 304 on every GET (pages, API); then the anonymous page cache (docs/decisions/1701).
    "django.middleware.http.ConditionalGetMiddleware",
    "zhengwu.portal.sites.SiteMiddleware",  # the request's Wagtail Site from a per-worker copy (portal/sites.py)
    "zhengwu.portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhengwu.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "zhengwu.urls"
WSGI_APPLICATION = "zhengwu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhengwu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "zhengwu.portal.context_processors.portal",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'zhengwu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids "database is locked" upgrades.
    # Persistent connections (per gunicorn thread): the pragmas below run once per connection, not per request.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("ZHENGWU_CONN_MAX_AGE", 60))
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Several developers or CI jobs may share one PostgreSQL: let each pick its own test database name.
    if os.environ.get("ZHENGWU_TEST_DB"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["ZHENGWU_TEST_DB"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Our own catalogue first: it supplies the /cms/ (Wagtail admin) strings Wagtail's zh_Hans catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "zhengwu" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
STATICFILES_DIRS = [BASE_DIR / "zhengwu" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# MEDIA_ROOT is never served wholesale: /files/ checks access per file (zhengwu.disclosure.downloads; under nginx
# by X-Accel-Redirect, see the production block below).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Anonymous pages published as files nginx serves (zhengwu/portal/pagecache.py); "" turns the cache off.
ZHENGWU_PAGE_CACHE_DIR = os.environ.get("ZHENGWU_PAGE_CACHE_DIR", str(VAR_DIR / "pagecache"))

WAGTAIL_SITE_NAME = os.environ.get("ZHENGWU_SITE_NAME", "政务公开平台")
WAGTAILADMIN_BASE_URL = os.environ.get("ZHENGWU_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call to an outside server from a government admin (and no English banner)
# The public address the Wagtail Sites (sitemap, page links) are given: ZHENGWU_SITE_HOST / ZHENGWU_SITE_PORT; unset,
# the host is the first concrete ALLOWED_HOSTS name in production (port 443/80) and ZHENGWU_BASE_URL's otherwise.
# `zhengwu site_address HOST PORT` moves existing Sites (make demo / make serve run it with their PORT).
ZHENGWU_SITE_HOST = os.environ.get("ZHENGWU_SITE_HOST", "")
ZHENGWU_SITE_PORT = os.environ.get("ZHENGWU_SITE_PORT", "")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "doc", "xls", "txt", "zip", "ofd", "wps"]

# Attachments (条例 leaves formats open; these are what county portals publish).
ZHENGWU_ATTACHMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "png", "jpg", "jpeg", "gif", "webp", "txt", "ofd"]
ZHENGWU_ATTACHMENT_MAX_BYTES = int(os.environ.get("ZHENGWU_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# Text extraction limits (zip bombs in .docx/.xlsx; disclosure/attachments.py).
ZHENGWU_EXTRACT_MAX_UNCOMPRESSED = int(os.environ.get("ZHENGWU_EXTRACT_MAX_UNCOMPRESSED", 200 * 1024 * 1024))
ZHENGWU_EXTRACT_MAX_RATIO = int(os.environ.get("ZHENGWU_EXTRACT_MAX_RATIO", 100))
ZHENGWU_EXTRACT_MAX_TEXT = int(os.environ.get("ZHENGWU_EXTRACT_MAX_TEXT", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# Rate limits live in a cache shared by every worker (zhengwu/core/ratelimit.py): the database (table created by
# migrate) unless REDIS_URL names a Redis. ZHENGWU_TRUSTED_PROXIES: comma-separated IPs/CIDRs of the reverse
# proxies whose X-Forwarded-For is believed (e.g. 127.0.0.1 for nginx on the same host).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "zhengwu_cache"}}
ZHENGWU_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("ZHENGWU_TRUSTED_PROXIES", "").split(",") if p.strip()]
ZHENGWU_QA_FORWARD_RATE = (20, 3600)  # 转交人工答复 per IP: 20 an hour
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhengwu@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_pii": {"()": "zhengwu.audit.redact.RedactPIIFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_pii"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# ---- Production stack (issue 10 item 1; docs/deploy.md) -------------------------------------------------------------
# ZHENGWU_PRODUCTION=1  gunicorn behind nginx: hashed, compressed static files collected into STATIC_ROOT (served by
#                       nginx), no finders; DEBUG must stay off.
# ZHENGWU_HTTPS         on by default in production: nginx terminates TLS and sets X-Forwarded-Proto; secure cookies,
#                       HSTS and redirects to https. `make serve` (plain HTTP on 127.0.0.1) turns it off.
# ZHENGWU_ACCEL_REDIRECT=1  downloads Django has allowed are handed to nginx (X-Accel-Redirect under the internal
#                       location ZHENGWU_ACCEL_REDIRECT_PREFIX, which maps to MEDIA_ROOT).
ZHENGWU_PRODUCTION = _env_bool("ZHENGWU_PRODUCTION")
ZHENGWU_HTTPS = _env_bool("ZHENGWU_HTTPS", ZHENGWU_PRODUCTION)
ZHENGWU_ACCEL_REDIRECT = _env_bool("ZHENGWU_ACCEL_REDIRECT")
ZHENGWU_ACCEL_REDIRECT_PREFIX = "/_protected/"
if ZHENGWU_PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("ZHENGWU_PRODUCTION=1 与 DEBUG=1 不能同时打开。")
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    WHITENOISE_USE_FINDERS = False
    # Wagtail's page preview shows the site in a frame of itself, so framing stays SAMEORIGIN (not DENY).
    SILENCED_SYSTEM_CHECKS = ["security.W019"]
if ZHENGWU_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHENGWU_HSTS_SECONDS", 365 * 24 * 3600))
    # Turn these off while other sites under the same domain are still served over plain HTTP (docs/deploy.md).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("ZHENGWU_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("ZHENGWU_HSTS_PRELOAD", True)
# ---- end of production stack ----------------------------------------------------------------------------------------

# ---- Authentication and sessions (issue 10 item 3, h10b; docs/security.md) ------------------------------------------
# django-axes: 5 failed logins lock the account and, separately, the IP for 15 minutes, on every login entry
# (/staff/, /cms/, /django-admin/ all go through Django's authenticate()). Unlock: `zhengwu security unlock`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = int(os.environ.get("ZHENGWU_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=int(os.environ.get("ZHENGWU_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhengwu.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "zhengwu.core.ratelimit.client_ip"
AXES_VERBOSE = False
# Passwords: length, character classes, not like the username (zhengwu2025 for user zhengwu is refused), not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ["username", "first_name", "last_name", "email"], "max_similarity": 0.5}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "zhengwu.security.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# Idle timeout: a staff session ends after 30 minutes without a request.
SESSION_COOKIE_AGE = int(os.environ.get("ZHENGWU_SESSION_IDLE_MINUTES", 30)) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# ---- end of authentication and sessions -----------------------------------------------------------------------------

# ---- Audit retention and personal data at rest (issue 10 items 4–5, h10b; docs/security.md) -------------------------
# 等保2.0 三级: audit records kept at least six months. `zhengwu audit archive` refuses anything younger.
ZHENGWU_AUDIT_RETENTION_DAYS = int(os.environ.get("ZHENGWU_AUDIT_RETENTION_DAYS", 180))
if ZHENGWU_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("ZHENGWU_AUDIT_RETENTION_DAYS 不能少于 180 天（等保2.0 三级：审计记录至少保存六个月）。")
# Applicants' 证件号码, phones and addresses are stored encrypted (Fernet). ZHENGWU_DATA_KEYS: comma-separated Fernet
# keys, the first encrypts, all decrypt (rotation: put the new key first, run `zhengwu rotate_keys`, then drop the
# old one). ZHENGWU_LOOKUP_KEY: the HMAC key of the lookup hashes. Without them a development key is used, which
# production refuses (zhengwu.core.crypto) unless ZHENGWU_DEMO_KEYS=1 says this is the demo (`make serve` only).
ZHENGWU_DATA_KEYS = [k.strip() for k in os.environ.get("ZHENGWU_DATA_KEYS", "").split(",") if k.strip()]
ZHENGWU_LOOKUP_KEY = os.environ.get("ZHENGWU_LOOKUP_KEY", "")
ZHENGWU_DEMO_KEYS = _env_bool("ZHENGWU_DEMO_KEYS")
if ZHENGWU_PRODUCTION and not ZHENGWU_DEMO_KEYS and not (ZHENGWU_DATA_KEYS and ZHENGWU_LOOKUP_KEY):
    raise ImproperlyConfigured("生产环境须设置 ZHENGWU_DATA_KEYS 和 ZHENGWU_LOOKUP_KEY（个人信息加密密钥，见 docs/security.md）。")
# ---- end of audit retention and personal data -----------------------------------------------------------------------
# ---- Second factor, password age, Content-Security-Policy (issue 10 item 3, h10a; docs/security.md) -----------------
# TOTP (django-otp) with backup codes. Required for the roles below and for everyone entering /cms/ and
# /django-admin/; optional (enrol on /staff/account/) for other staff. zhengwu.security.policy decides.
ZHENGWU_SECOND_FACTOR_ROLES = [r.strip() for r in os.environ.get(
    "ZHENGWU_SECOND_FACTOR_ROLES", "sys_admin,security_admin,audit_admin,office_admin").split(",") if r.strip()]
ZHENGWU_SECOND_FACTOR_PATHS = ["/cms/", "/django-admin/"]
OTP_TOTP_ISSUER = os.environ.get("ZHENGWU_OTP_ISSUER", "政务公开工作台")
OTP_TOTP_THROTTLE_FACTOR = 1  # 1 s, 2 s, 4 s … after each wrong code (django-otp's throttling)
OTP_STATIC_THROTTLE_FACTOR = 1
ZHENGWU_BACKUP_CODE_COUNT = 10
# A password older than this many days must be changed right after login (0 turns the rule off).
ZHENGWU_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ZHENGWU_PASSWORD_MAX_AGE_DAYS", 90))
AUTH_PASSWORD_VALIDATORS += [{"NAME": "zhengwu.security.passwords.PasswordChangeRecorder"}]  # keeps the date
# django-csp 4: one strict policy for every page (no inline script or style: static files only). /cms/ and
# /django-admin/ run Wagtail's and Django's own admin front ends, which use inline scripts and styles: they get
# ZHENGWU_ADMIN_CSP instead (decision 1006), only under those prefixes, only behind the second factor.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
ZHENGWU_ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
ZHENGWU_ADMIN_CSP_PREFIXES = ["/cms/", "/django-admin/"]
# ---- end of second factor, password age, CSP ------------------------------------------------------------------------
