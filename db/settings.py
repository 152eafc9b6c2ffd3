"""The register's settings, read once from the environment at start-up."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from db.ocds.identity import DEFAULT_OCID_PREFIX, OcidPrefixError, check_ocid_prefix

DEFAULT_DATABASE_URL = "sqlite:///./register.db"
ANY_ORIGIN = "*"


class SettingsError(ValueError):
    """A setting in the environment that the register cannot use; the message names the variable."""


def _int(environ: Mapping[str, str], key: str, default: int, *, minimum: int = 1) -> int:
    raw = environ.get(key)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{key} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{key} must be at least {minimum}, not {value}")
    return value


def _list(environ: Mapping[str, str], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = environ.get(key)
    if raw is None or raw.strip() == "":
        return default
    return tuple(origin.strip() for origin in raw.split(",") if origin.strip())


def check_origin(origin: str) -> None:
    """Refuse what a browser never sends as an Origin: a path, a trailing slash, a missing scheme or host."""
    if origin == ANY_ORIGIN:
        return
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.hostname or origin != f"{parts.scheme}://{parts.netloc}":
        raise SettingsError(
            f"CORS_ORIGINS must list origins such as https://contracts.example.gov.uk (scheme, host and "
            f"optional port, no path), or *, not {origin!r}"
        )


def _seconds(environ: Mapping[str, str], key: str, default: float) -> float:
    raw = environ.get(key)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{key} must be a number of seconds, such as 5 or 0.5, not {raw!r}") from None
    _check_seconds(key, value)
    return value


def _check_seconds(key: str, value: float) -> None:
    # Zero would mean "no limit" to PostgreSQL and "never wait" to SQLite: neither is a limit anyone means.
    if not 0.01 <= value <= 86400:
        raise SettingsError(f"{key} must be between 0.01 and 86400 seconds, not {value:g}")


def _flag(environ: Mapping[str, str], key: str, default: bool) -> bool:
    raw = environ.get(key)
    if raw is None or raw.strip() == "":
        return default
    if raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{key} must be true or false, not {raw!r}")


@dataclass(frozen=True)
class Settings:
    """Everything the register can be told from outside: where its data is, how it serves, its limits."""

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    default_page_size: int = 20
    max_page_size: int = 100
    max_query_depth: int = 12
    max_query_tokens: int = 2000
    max_aliases: int = 30
    # A query's cost is how many objects its answer can hold; see schema/cost.py and the README's limits.
    max_query_cost: int = 50_000
    # Each caller's leaky bucket of cost points: its size, and how many points flow back in each second.
    rate_limit_points: int = 100_000
    rate_limit_restore: int = 2_000
    # A body is read no further than this: enough for any query with its variables, far short of a
    # memory problem. Editors' and admins' requests may be larger, up to max_import_bytes, for contractsImport.
    max_request_bytes: int = 256 * 1024
    max_import_bytes: int = 16 * 1024 * 1024
    # Bounds on every filter input, checked before a filter is built or any SQL runs.
    max_text_filter_length: int = 256
    max_filter_list_length: int = 100
    max_filter_depth: int = 5
    max_filter_conditions: int = 100
    graphiql: bool = True
    statement_header: bool = False
    # The register is published data, so reads are open unless READS_REQUIRE_TOKEN closes them.
    reads_require_token: bool = False
    # The prefix of every ocid the register publishes: set it to the one the OCDS Data Support Team assigns.
    ocid_prefix: str = DEFAULT_OCID_PREFIX
    # Where downloads are kept against the register's version (default: a folder per database in the system's
    # temporary folder), and how many files at most; 0 keeps none, so every download is built afresh.
    export_cache_dir: str | None = None
    export_cache_files: int = 16
    # Memory for answers to reads kept against the register's version (schema/response_cache.py); 0 keeps none.
    response_cache_bytes: int = 64 * 1024 * 1024
    # Pages on any origin may read and write: writes need a bearer token, which a foreign page cannot read
    # (no cookies are honoured). CORS_ORIGINS narrows this to the council's own front ends.
    cors_origins: tuple[str, ...] = (ANY_ORIGIN,)
    # Production front ends send only the hashes of operations the council loaded ahead; anything else is
    # refused. Off by default, so GraphiQL and new clients may send any document.
    persisted_queries_only: bool = False
    # How many operations clients may register automatically (APQ); past it the oldest are dropped.
    apq_max_operations: int = 10_000
    # Folders of .graphql operations loaded ahead whenever the app starts (as `register persisted load` does).
    persisted_query_folders: tuple[str, ...] = ()
    # Time: how long one GraphQL request may run, one SQL statement may run, a write may wait for another's
    # lock (PostgreSQL lock_timeout, SQLite busy timeout), a request may wait for a pooled connection, and
    # how long connecting to the database may take. Past any of them the client gets TIMEOUT or UNAVAILABLE.
    # Live subscriptions: how often one re-reads the feed on SQLite (PostgreSQL wakes it by LISTEN/NOTIFY), and
    # how many websocket connections one token (or, without one, one address) may hold open to this process.
    subscription_poll_seconds: float = 1.0
    websockets_per_token: int = 10
    request_timeout_seconds: float = 30.0
    statement_timeout_seconds: float = 25.0
    lock_timeout_seconds: float = 5.0
    pool_timeout_seconds: float = 5.0
    connect_timeout_seconds: float = 5.0
    # Webhooks: receivers on this machine (loopback, plain http allowed) or on private networks are refused
    # unless allowed, so a subscription cannot make the register reach what only it can reach.
    webhook_allow_loopback: bool = False
    webhook_allow_private: bool = False
    # How long a receiver has to answer one delivery; after a failure the receiver is left alone for a delay
    # that doubles from the base up to the most (with jitter), and after so many failures in a row it is
    # disabled: by default two and a half to five hours of retries.
    webhook_timeout_seconds: float = 10.0
    webhook_retry_base_seconds: float = 30.0
    webhook_retry_max_seconds: float = 3600.0
    webhook_disable_after_failures: int = 12
    # How often a delivery worker looks for changes owed, and whether `register serve` runs one itself.
    webhook_poll_seconds: float = 1.0
    webhook_worker: bool = True

    def __post_init__(self) -> None:
        try:
            check_ocid_prefix(self.ocid_prefix)
        except OcidPrefixError as error:
            raise SettingsError(f"OCID_PREFIX {error}") from None
        # Checked here as well as in from_environ, so settings built in code (tests, tools) cannot switch a
        # limit off with zero or let the default page exceed the cap.
        for key, value in (
            ("PORT", self.port),
            ("PAGE_SIZE_DEFAULT", self.default_page_size),
            ("PAGE_SIZE_MAX", self.max_page_size),
            ("MAX_QUERY_DEPTH", self.max_query_depth),
            ("MAX_QUERY_TOKENS", self.max_query_tokens),
            ("MAX_ALIASES", self.max_aliases),
            ("MAX_QUERY_COST", self.max_query_cost),
            ("RATE_LIMIT_POINTS", self.rate_limit_points),
            ("RATE_LIMIT_RESTORE", self.rate_limit_restore),
            ("MAX_REQUEST_BYTES", self.max_request_bytes),
            ("MAX_IMPORT_BYTES", self.max_import_bytes),
            ("MAX_TEXT_FILTER_LENGTH", self.max_text_filter_length),
            ("MAX_FILTER_LIST_LENGTH", self.max_filter_list_length),
            ("MAX_FILTER_DEPTH", self.max_filter_depth),
            ("MAX_FILTER_CONDITIONS", self.max_filter_conditions),
            ("APQ_MAX_OPERATIONS", self.apq_max_operations),
            ("WEBSOCKETS_PER_TOKEN", self.websockets_per_token),
            ("WEBHOOK_DISABLE_AFTER_FAILURES", self.webhook_disable_after_failures),
        ):
            if value < 1:
                raise SettingsError(f"{key} must be at least 1, not {value}")
        for key, count in (
            ("EXPORT_CACHE_FILES", self.export_cache_files),
            ("RESPONSE_CACHE_BYTES", self.response_cache_bytes),
        ):
            if count < 0:
                raise SettingsError(f"{key} must be at least 0, not {count}")
        for origin in self.cors_origins:
            check_origin(origin)
        for key, seconds in (
            ("REQUEST_TIMEOUT_SECONDS", self.request_timeout_seconds),
            ("STATEMENT_TIMEOUT_SECONDS", self.statement_timeout_seconds),
            ("LOCK_TIMEOUT_SECONDS", self.lock_timeout_seconds),
            ("POOL_TIMEOUT_SECONDS", self.pool_timeout_seconds),
            ("CONNECT_TIMEOUT_SECONDS", self.connect_timeout_seconds),
            ("SUBSCRIPTION_POLL_SECONDS", self.subscription_poll_seconds),
            ("WEBHOOK_TIMEOUT_SECONDS", self.webhook_timeout_seconds),
            ("WEBHOOK_RETRY_BASE_SECONDS", self.webhook_retry_base_seconds),
            ("WEBHOOK_RETRY_MAX_SECONDS", self.webhook_retry_max_seconds),
            ("WEBHOOK_POLL_SECONDS", self.webhook_poll_seconds),
        ):
            _check_seconds(key, seconds)
        if self.webhook_retry_max_seconds < self.webhook_retry_base_seconds:
            raise SettingsError(
                f"WEBHOOK_RETRY_MAX_SECONDS ({self.webhook_retry_max_seconds:g}) must not be below "
                f"WEBHOOK_RETRY_BASE_SECONDS ({self.webhook_retry_base_seconds:g})"
            )
        if self.port > 65535:
            raise SettingsError(f"PORT must be at most 65535, not {self.port}")
        if self.default_page_size > self.max_page_size:
            raise SettingsError(
                f"PAGE_SIZE_DEFAULT ({self.default_page_size}) must not exceed PAGE_SIZE_MAX ({self.max_page_size})"
            )
        if self.max_query_cost > self.rate_limit_points:
            raise SettingsError(
                f"MAX_QUERY_COST ({self.max_query_cost}) must not exceed RATE_LIMIT_POINTS ({self.rate_limit_points}), "
                "or a query the register allows could never be let through"
            )
        if self.max_import_bytes < self.max_request_bytes:
            raise SettingsError(
                f"MAX_IMPORT_BYTES ({self.max_import_bytes}) must not be below "
                f"MAX_REQUEST_BYTES ({self.max_request_bytes})"
            )

    @property
    def export_cache_folder(self) -> Path:
        """The folder of cached downloads: EXPORT_CACHE_DIR, else one named for this database, so that two
        registers on one machine never share files."""
        if self.export_cache_dir is not None:
            return Path(self.export_cache_dir)
        database = hashlib.sha256(self.database_url.encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"register-exports-{database}"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from environment variables, each falling back to its default when unset or blank."""
        return cls(
            database_url=environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            host=environ.get("HOST", "").strip() or cls.host,
            port=_int(environ, "PORT", cls.port),
            default_page_size=_int(environ, "PAGE_SIZE_DEFAULT", cls.default_page_size),
            max_page_size=_int(environ, "PAGE_SIZE_MAX", cls.max_page_size),
            max_query_depth=_int(environ, "MAX_QUERY_DEPTH", cls.max_query_depth),
            max_query_tokens=_int(environ, "MAX_QUERY_TOKENS", cls.max_query_tokens),
            max_aliases=_int(environ, "MAX_ALIASES", cls.max_aliases),
            max_query_cost=_int(environ, "MAX_QUERY_COST", cls.max_query_cost),
            rate_limit_points=_int(environ, "RATE_LIMIT_POINTS", cls.rate_limit_points),
            rate_limit_restore=_int(environ, "RATE_LIMIT_RESTORE", cls.rate_limit_restore),
            max_request_bytes=_int(environ, "MAX_REQUEST_BYTES", cls.max_request_bytes),
            max_import_bytes=_int(environ, "MAX_IMPORT_BYTES", cls.max_import_bytes),
            max_text_filter_length=_int(environ, "MAX_TEXT_FILTER_LENGTH", cls.max_text_filter_length),
            max_filter_list_length=_int(environ, "MAX_FILTER_LIST_LENGTH", cls.max_filter_list_length),
            max_filter_depth=_int(environ, "MAX_FILTER_DEPTH", cls.max_filter_depth),
            max_filter_conditions=_int(environ, "MAX_FILTER_CONDITIONS", cls.max_filter_conditions),
            graphiql=_flag(environ, "GRAPHIQL", cls.graphiql),
            statement_header=_flag(environ, "SQL_STATEMENT_HEADER", cls.statement_header),
            reads_require_token=_flag(environ, "READS_REQUIRE_TOKEN", cls.reads_require_token),
            ocid_prefix=environ.get("OCID_PREFIX", "").strip() or cls.ocid_prefix,
            export_cache_dir=environ.get("EXPORT_CACHE_DIR", "").strip() or None,
            export_cache_files=_int(environ, "EXPORT_CACHE_FILES", cls.export_cache_files, minimum=0),
            response_cache_bytes=_int(environ, "RESPONSE_CACHE_BYTES", cls.response_cache_bytes, minimum=0),
            cors_origins=_list(environ, "CORS_ORIGINS", cls.cors_origins),
            persisted_queries_only=_flag(environ, "PERSISTED_QUERIES_ONLY", cls.persisted_queries_only),
            apq_max_operations=_int(environ, "APQ_MAX_OPERATIONS", cls.apq_max_operations),
            persisted_query_folders=_list(environ, "PERSISTED_QUERY_FOLDERS", cls.persisted_query_folders),
            subscription_poll_seconds=_seconds(environ, "SUBSCRIPTION_POLL_SECONDS", cls.subscription_poll_seconds),
            websockets_per_token=_int(environ, "WEBSOCKETS_PER_TOKEN", cls.websockets_per_token),
            request_timeout_seconds=_seconds(environ, "REQUEST_TIMEOUT_SECONDS", cls.request_timeout_seconds),
            statement_timeout_seconds=_seconds(environ, "STATEMENT_TIMEOUT_SECONDS", cls.statement_timeout_seconds),
            lock_timeout_seconds=_seconds(environ, "LOCK_TIMEOUT_SECONDS", cls.lock_timeout_seconds),
            pool_timeout_seconds=_seconds(environ, "POOL_TIMEOUT_SECONDS", cls.pool_timeout_seconds),
            connect_timeout_seconds=_seconds(environ, "CONNECT_TIMEOUT_SECONDS", cls.connect_timeout_seconds),
            webhook_allow_loopback=_flag(environ, "WEBHOOK_ALLOW_LOOPBACK", cls.webhook_allow_loopback),
            webhook_allow_private=_flag(environ, "WEBHOOK_ALLOW_PRIVATE", cls.webhook_allow_private),
            webhook_timeout_seconds=_seconds(environ, "WEBHOOK_TIMEOUT_SECONDS", cls.webhook_timeout_seconds),
            webhook_retry_base_seconds=_seconds(environ, "WEBHOOK_RETRY_BASE_SECONDS", cls.webhook_retry_base_seconds),
            webhook_retry_max_seconds=_seconds(environ, "WEBHOOK_RETRY_MAX_SECONDS", cls.webhook_retry_max_seconds),
            webhook_disable_after_failures=_int(
                environ, "WEBHOOK_DISABLE_AFTER_FAILURES", cls.webhook_disable_after_failures
            ),
            webhook_poll_seconds=_seconds(environ, "WEBHOOK_POLL_SECONDS", cls.webhook_poll_seconds),
            webhook_worker=_flag(environ, "WEBHOOK_WORKER", cls.webhook_worker),
        )
