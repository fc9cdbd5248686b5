"""Configuration read from the environment.

Every setting has a safe development default except SECRET_KEY, which must be
set when SPOLU_ENV=production (create_app refuses to start without it).
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("SPOLU_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _optional_bool(name: str) -> bool | None:
    """None when the variable is unset, so that the app can choose by SPOLU_ENV."""
    return None if os.environ.get(name) is None else _bool(name, False)


def _optional_int(name: str) -> int | None:
    value = os.environ.get(name)
    return None if value is None or not value.strip() else int(value)


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def _ints(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    value = os.environ.get(name)
    return tuple(int(part) for part in value.split(",")) if value else default


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'spolu.sqlite'}")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    ENV_NAME = os.environ.get("SPOLU_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection idle this long (seconds) is checked before use (common/dependencies.py); 0: always.
    DATABASE_PING_AFTER_IDLE = _int("DATABASE_PING_AFTER_IDLE", 10)
    SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "NORMAL"}  # on each SQLite connection only
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Faults that degrade: a database that hangs gives a 503 in seconds (PostgreSQL; seconds, 0 = no limit);
    # Redis calls give up after REDIS_TIMEOUT seconds.
    DATABASE_CONNECT_TIMEOUT = _int("DATABASE_CONNECT_TIMEOUT", 5)
    DATABASE_STATEMENT_TIMEOUT = _int("DATABASE_STATEMENT_TIMEOUT", 20)
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2"))
    INSTANCE_DIR = str(INSTANCE_DIR)

    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "cs")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Europe/Prague")
    LANGUAGES = ("cs", "en")

    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Spolu <noreply@spolu.local>")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Who runs this Spolu (the personal data controller): named in the privacy notice, the terms of use
    # and the accessibility statement (/ochrana-osobnich-udaju, /podminky-uziti, /prohlaseni-o-pristupnosti).
    OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "Spolu (ukázkový provoz)")
    OPERATOR_ADDRESS = os.environ.get("OPERATOR_ADDRESS", "")
    OPERATOR_ID = os.environ.get("OPERATOR_ID", "")  # IČO
    OPERATOR_EMAIL = os.environ.get("OPERATOR_EMAIL", "")
    PRIVACY_OFFICER_EMAIL = os.environ.get("PRIVACY_OFFICER_EMAIL", "")  # the data protection officer (pověřenec)
    ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-12-01")  # ISO date

    # Token lifetimes in seconds.
    CONFIRM_TOKEN_MAX_AGE = int(os.environ.get("CONFIRM_TOKEN_MAX_AGE", str(7 * 24 * 3600)))
    RESET_TOKEN_MAX_AGE = int(os.environ.get("RESET_TOKEN_MAX_AGE", "3600"))

    # "Your data": an export with more rows than this is prepared off the request path and
    # mailed as a link valid DATA_EXPORT_LINK_MAX_AGE seconds (the file is removed then, or once used).
    DATA_EXPORT_INLINE_MAX_ROWS = int(os.environ.get("DATA_EXPORT_INLINE_MAX_ROWS", "2000"))
    DATA_EXPORT_LINK_MAX_AGE = int(os.environ.get("DATA_EXPORT_LINK_MAX_AGE", str(2 * 24 * 3600)))

    # Least zxcvbn strength (0-4) of a new password; 3 refuses common passwords and patterns.
    PASSWORD_MIN_SCORE = _int("PASSWORD_MIN_SCORE", 3)
    # Werkzeug's method string; "scrypt" is its default cost. Each hash records its parameters.
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    # Failed sign-ins per account (whatever the address they come from); successful ones do not count.
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "10 per hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5 per minute;20 per hour")
    RATELIMIT_WRITE = os.environ.get("RATELIMIT_WRITE", "10 per minute;60 per hour")  # proposals
    RATELIMIT_SUPPORT = os.environ.get("RATELIMIT_SUPPORT", "30 per minute;300 per hour")
    RATELIMIT_COMMENT = os.environ.get("RATELIMIT_COMMENT", "5 per minute;40 per hour")
    RATELIMIT_REPORT = os.environ.get("RATELIMIT_REPORT", "5 per minute;20 per hour")
    # When Redis (the limits' storage) is unreachable: "memory" counts in each process until it is back,
    # "allow" lets every request through with a logged warning, "fail" answers 500 as Flask-Limiter would.
    RATELIMIT_ON_STORAGE_FAILURE = os.environ.get("RATELIMIT_ON_STORAGE_FAILURE", "memory")

    # Discussion and moderation
    SPOLU_REPORT_HIDE_THRESHOLD = _int("SPOLU_REPORT_HIDE_THRESHOLD", 3)  # reports that hide an item
    # Only reports from confirmed accounts at least this old count towards hiding an item automatically.
    SPOLU_REPORT_MIN_ACCOUNT_AGE_DAYS = _int("SPOLU_REPORT_MIN_ACCOUNT_AGE_DAYS", 7)
    # Days an item may wait in a municipality's inbox before `flask workspaces remind` (daily) tells its
    # moderators, once per item and threshold, e.g. "7,30"; empty: no reminders.
    INBOX_REMINDER_DAYS = _ints("INBOX_REMINDER_DAYS", (7, 30))
    COMMENTS_PER_PAGE = _int("COMMENTS_PER_PAGE", 20)  # top-level comments per page
    COMMENTS_REPLIES_SHOWN = _int("COMMENTS_REPLIES_SHOWN", 10)  # replies shown under each

    # Uploads (agreements' and projects' documents and photos)
    UPLOAD_MAX_PDF_BYTES = _int("UPLOAD_MAX_PDF_BYTES", 10 * 1024 * 1024)
    UPLOAD_MAX_IMAGE_BYTES = _int("UPLOAD_MAX_IMAGE_BYTES", 8 * 1024 * 1024)
    # Width x height; a larger image is refused before it is decoded (image bombs).
    UPLOAD_MAX_IMAGE_PIXELS = _int("UPLOAD_MAX_IMAGE_PIXELS", 40_000_000)
    PROPOSAL_MAX_PHOTOS = _int("PROPOSAL_MAX_PHOTOS", 4)  # photos on one proposal (plus one PDF)
    # Where uploads live: "folder" (uploads/ in the instance folder) or "s3" (an S3-compatible bucket).
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "folder")
    STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET") or None
    STORAGE_S3_ENDPOINT_URL = os.environ.get("STORAGE_S3_ENDPOINT_URL") or None  # none: AWS itself
    STORAGE_S3_REGION = os.environ.get("STORAGE_S3_REGION") or None
    STORAGE_S3_ACCESS_KEY_ID = os.environ.get("STORAGE_S3_ACCESS_KEY_ID") or None  # none: boto3's usual lookup
    STORAGE_S3_SECRET_ACCESS_KEY = os.environ.get("STORAGE_S3_SECRET_ACCESS_KEY") or None
    STORAGE_S3_PREFIX = os.environ.get("STORAGE_S3_PREFIX", "")  # e.g. "spolu/" to share a bucket
    STORAGE_S3_PATH_STYLE = _bool("STORAGE_S3_PATH_STYLE", False)  # MinIO and most self-hosted servers want it
    STORAGE_S3_TIMEOUT = _int("STORAGE_S3_TIMEOUT", 10)  # seconds

    # Notifications
    NOTIFICATIONS_QUEUE = os.environ.get("NOTIFICATIONS_QUEUE") or None  # rq, thread or manual; default: rq with REDIS_URL
    NOTIFICATIONS_QUEUE_NAME = os.environ.get("NOTIFICATIONS_QUEUE_NAME", "spolu-notifications")
    NOTIFICATIONS_JOB_TIMEOUT = _int("NOTIFICATIONS_JOB_TIMEOUT", 600)
    NOTIFICATIONS_MAX_ATTEMPTS = _int("NOTIFICATIONS_MAX_ATTEMPTS", 4)
    NOTIFICATIONS_RETRY_INTERVALS = _ints("NOTIFICATIONS_RETRY_INTERVALS", (30, 120, 600))  # seconds
    NOTIFICATIONS_MAX_EVENT_AGE_DAYS = _int("NOTIFICATIONS_MAX_EVENT_AGE_DAYS", 14)
    # A digest may sit unread in a mailbox for weeks; its unsubscribe link must still work.
    NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE = _int("NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE", 90 * 24 * 3600)
    # A digest lists at most this many items (each once, with counts); the rest are linked on the site.
    NOTIFICATIONS_DIGEST_MAX_ITEMS = _int("NOTIFICATIONS_DIGEST_MAX_ITEMS", 20)

    # Connectivity: reports a locality needs before its status and figures are shown;
    # the download speeds in Mbit/s that make it underserved, served and gigabit (below the first: unserved).
    CONNECTIVITY_MIN_REPORTS = _int("CONNECTIVITY_MIN_REPORTS", 3)
    CONNECTIVITY_THRESHOLDS = _ints("CONNECTIVITY_THRESHOLDS", (30, 100, 1000))
    # Days an operator has to answer a locality's reports (and a moderator to decide a dispute)
    # before the inbox and the operator's queue show it as overdue.
    CONNECTIVITY_ANSWER_DAYS = _int("CONNECTIVITY_ANSWER_DAYS", 60)
    # Shared infrastructure: months a municipality has to answer an operator's access request.
    INFRASTRUCTURE_ANSWER_MONTHS = _int("INFRASTRUCTURE_ANSWER_MONTHS", 2)

    # Shared advisors: days a question may wait for its answer before the field's coordinator is told
    # (`flask advisors remind`) and the queues show it as overdue.
    ADVISOR_ANSWER_DAYS = _int("ADVISOR_ANSWER_DAYS", 14)

    # Map tiles: an XYZ address ({z}/{x}/{y}, optionally {s}); empty: no tiles, the map shows only its own layers.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILE_ATTRIBUTION = os.environ.get(
        "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>')

    # Residency verification and paper participation
    VERIFICATION_CODE_DAYS = _int("VERIFICATION_CODE_DAYS", 60)  # days a letter code stays valid
    RATELIMIT_VERIFICATION = os.environ.get("RATELIMIT_VERIFICATION", "5 per 15 minutes;20 per day")
    # Key of the hashes of letter codes, register rows and paper participants (default: SECRET_KEY).
    RESIDENCY_HMAC_KEY = os.environ.get("RESIDENCY_HMAC_KEY") or None
    SUPPORT_REQUIRES_VERIFICATION = _bool("SUPPORT_REQUIRES_VERIFICATION", False)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure (sent over HTTPS only): unset means on when SPOLU_ENV=production, off otherwise.
    SESSION_COOKIE_SECURE = _optional_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_SECURE = _optional_bool("REMEMBER_COOKIE_SECURE")
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # Sign-in sessions (accounts.sessions): "keep me signed in" lasts REMEMBER_DAYS from
    # sign-in; a session without it ends after SIGN_IN_IDLE_HOURS without use.
    REMEMBER_COOKIE_DURATION = timedelta(days=_int("REMEMBER_DAYS", 30))
    SIGN_IN_IDLE_HOURS = _int("SIGN_IN_IDLE_HOURS", 24)
    # Strict-Transport-Security max-age in seconds; 0 sends none. Unset: a year in production.
    HSTS_MAX_AGE = _optional_int("HSTS_MAX_AGE")
    # Reverse proxies in front of Spolu that set X-Forwarded-For and X-Forwarded-Proto (werkzeug's
    # ProxyFix). 0: trust no such header, the client address is the connection's.
    TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)
    # Seconds a reverse proxy may share a page asked for without any cookie and showing nothing personal.
    PUBLIC_CACHE_MAX_AGE = _int("PUBLIC_CACHE_MAX_AGE", 60)
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch must still submit
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    PER_PAGE = 20

    # Rendered fragments (the home page's cards): kept until a write changes their tables
    # (common/fragment_cache.py), in Redis with REDIS_URL, else in this process's memory.
    FRAGMENT_CACHE_ENABLED = _bool("FRAGMENT_CACHE_ENABLED", True)
    CACHE_TYPE = os.environ.get("FRAGMENT_CACHE_TYPE") or None  # Flask-Caching's; default RedisCache or SimpleCache
    CACHE_DEFAULT_TIMEOUT = _int("FRAGMENT_CACHE_SECONDS", 600)  # the longest a fragment is kept
    CACHE_THRESHOLD = 5000  # entries kept in memory without Redis
    CACHE_KEY_PREFIX = "spolu:"
    # Whole pages for visitors without cookies (common/page_cache.py): kept in the same cache until a write
    # changes what they show, or a consultation opens or closes, and at most PAGE_CACHE_SECONDS.
    PAGE_CACHE_ENABLED = _bool("PAGE_CACHE_ENABLED", True)
    PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 600)
    # Each process keeps copies of the entries it reads, checked against the shared versions: bytes, 0 = none.
    PAGE_CACHE_PROCESS_BYTES = _int("PAGE_CACHE_PROCESS_BYTES", 16 * 1024 * 1024)

    # Open read-only JSON API (/api/v1/): requests per address, page sizes, public caching, and the
    # fewest respondents a consultation tally needs before its figures are shown.
    API_RATELIMIT = os.environ.get("API_RATELIMIT", "120 per minute;3000 per hour")
    API_PAGE_SIZE = _int("API_PAGE_SIZE", 20)
    API_MAX_PAGE_SIZE = _int("API_MAX_PAGE_SIZE", 100)
    API_CACHE_MAX_AGE = _int("API_CACHE_MAX_AGE", 60)  # seconds
    API_MIN_RESPONDENTS = _int("API_MIN_RESPONDENTS", 5)  # also the public consultation exports' minimum

    # Open data (/otevrena-data): the datasets' licence, publisher and update frequency in the DCAT-AP catalogue.
    OPEN_DATA_LICENSE = os.environ.get("OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
    OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER") or None  # the publisher's IRI (e.g. in the register of public bodies)
    OPEN_DATA_PUBLISHER_NAME = os.environ.get("OPEN_DATA_PUBLISHER_NAME", "Spolu")
    OPEN_DATA_CONTACT_EMAIL = os.environ.get("OPEN_DATA_CONTACT_EMAIL") or None
    # An EU frequency code: CONT (continuously updated), DAILY, WEEKLY...
    OPEN_DATA_UPDATE_FREQUENCY = os.environ.get("OPEN_DATA_UPDATE_FREQUENCY", "CONT")

    # Static files: `flask static build` writes fingerprinted, compressed copies here; WhiteNoise serves them.
    # Whole-dataset exports are written here once per change and served from disk (opendata/kept_files.py).
    EXPORT_FILES_DIR = os.environ.get("EXPORT_FILES_DIR") or None  # default: exports/ in the instance folder
    EXPORT_FILES_KEPT = _bool("EXPORT_FILES_KEPT", True)
    STATIC_BUILD_DIR = os.environ.get("STATIC_BUILD_DIR") or None  # default: static-build/ in the instance folder
    STATIC_MAX_AGE = _int("STATIC_MAX_AGE", 60)  # seconds, for plain (not fingerprinted) names


class TestConfig(Config):
    TESTING = True
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # a cheap scrypt: tests hash thousands of passwords
    SQLITE_PRAGMAS = {"journal_mode": "MEMORY", "synchronous": "OFF"}  # throw-away databases need no fsync
    POSTGRES_SESSION_SETTINGS = {"synchronous_commit": "off"}  # nor do they wait for the write-ahead log
    PAGE_CACHE_STRICT_SCOPES = True  # a remembered value scoped to an unregistered column fails the test
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    REDIS_URL = None
    MAIL_SERVER = None
    MAIL_BACKEND = "memory"
    SERVER_NAME = "localhost"
    PUBLIC_BASE_URL = "http://localhost"
    MAP_TILE_URL = ""  # tests never fetch tiles
