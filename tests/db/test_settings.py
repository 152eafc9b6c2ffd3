"""Settings are read once from the environment, with sensible defaults and errors that name the variable."""

from __future__ import annotations

import pytest

from db.settings import DEFAULT_DATABASE_URL, Settings, SettingsError


def test_an_empty_environment_gives_safe_defaults() -> None:
    # given no environment at all
    # when the settings are read
    settings = Settings.from_environ({})

    # then the register runs on SQLite with every limit on
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert (settings.default_page_size, settings.max_page_size) == (20, 100)
    assert (settings.max_query_depth, settings.max_query_tokens, settings.max_aliases) == (12, 2000, 30)
    assert (settings.max_query_cost, settings.rate_limit_points, settings.rate_limit_restore) == (
        50_000,
        100_000,
        2_000,
    )
    assert (settings.max_request_bytes, settings.max_import_bytes) == (256 * 1024, 16 * 1024 * 1024)
    assert (
        settings.max_text_filter_length,
        settings.max_filter_list_length,
        settings.max_filter_depth,
        settings.max_filter_conditions,
    ) == (256, 100, 5, 100)


def test_each_limit_is_read_from_its_variable() -> None:
    # given every limit set in the environment, with the stray spaces a deployment file can leave
    environ = {
        "PAGE_SIZE_DEFAULT": " 10 ",
        "PAGE_SIZE_MAX": "50",
        "MAX_QUERY_DEPTH": "6",
        "MAX_QUERY_TOKENS": "500",
        "MAX_ALIASES": "4",
        "MAX_QUERY_COST": "5000",
        "RATE_LIMIT_POINTS": "20000",
        "RATE_LIMIT_RESTORE": "100",
        "DATABASE_URL": "postgresql://register@db/register",
        "GRAPHIQL": "off",
        "MAX_REQUEST_BYTES": "1048576",
        "MAX_IMPORT_BYTES": "67108864",
        "MAX_TEXT_FILTER_LENGTH": "1000",
        "MAX_FILTER_LIST_LENGTH": "500",
        "MAX_FILTER_DEPTH": "8",
        "MAX_FILTER_CONDITIONS": "300",
    }

    # when the settings are read
    settings = Settings.from_environ(environ)

    # then each is taken
    assert settings == Settings(
        database_url="postgresql://register@db/register",
        default_page_size=10,
        max_page_size=50,
        max_query_depth=6,
        max_query_tokens=500,
        max_aliases=4,
        max_query_cost=5000,
        rate_limit_points=20000,
        rate_limit_restore=100,
        graphiql=False,
        max_request_bytes=1048576,
        max_import_bytes=67108864,
        max_text_filter_length=1000,
        max_filter_list_length=500,
        max_filter_depth=8,
        max_filter_conditions=300,
    )


def test_a_blank_variable_falls_back_to_its_default() -> None:
    # given limits set but left blank
    # when the settings are read
    settings = Settings.from_environ({"MAX_QUERY_DEPTH": "", "MAX_ALIASES": "  "})

    # then the defaults hold
    assert (settings.max_query_depth, settings.max_aliases) == (12, 30)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MAX_QUERY_DEPTH": "deep"}, "MAX_QUERY_DEPTH must be a whole number, not 'deep'"),
        ({"MAX_QUERY_DEPTH": "12.5"}, "MAX_QUERY_DEPTH must be a whole number, not '12.5'"),
        ({"MAX_QUERY_DEPTH": "0"}, "MAX_QUERY_DEPTH must be at least 1, not 0"),
        ({"MAX_QUERY_TOKENS": "-5"}, "MAX_QUERY_TOKENS must be at least 1, not -5"),
        ({"MAX_ALIASES": "many"}, "MAX_ALIASES must be a whole number, not 'many'"),
        ({"PAGE_SIZE_MAX": "0"}, "PAGE_SIZE_MAX must be at least 1, not 0"),
        ({"PAGE_SIZE_DEFAULT": "200"}, "PAGE_SIZE_DEFAULT (200) must not exceed PAGE_SIZE_MAX (100)"),
        ({"MAX_QUERY_COST": "0"}, "MAX_QUERY_COST must be at least 1, not 0"),
        ({"RATE_LIMIT_RESTORE": "none"}, "RATE_LIMIT_RESTORE must be a whole number, not 'none'"),
        (
            {"MAX_QUERY_COST": "200000"},
            "MAX_QUERY_COST (200000) must not exceed RATE_LIMIT_POINTS (100000), "
            "or a query the register allows could never be let through",
        ),
        ({"PORT": "70000"}, "PORT must be at most 65535, not 70000"),
        ({"GRAPHIQL": "maybe"}, "GRAPHIQL must be true or false, not 'maybe'"),
        ({"RESPONSE_CACHE_BYTES": "64MB"}, "RESPONSE_CACHE_BYTES must be a whole number, not '64MB'"),
        ({"RESPONSE_CACHE_BYTES": "-1"}, "RESPONSE_CACHE_BYTES must be at least 0, not -1"),
        ({"MAX_REQUEST_BYTES": "256k"}, "MAX_REQUEST_BYTES must be a whole number, not '256k'"),
        ({"MAX_TEXT_FILTER_LENGTH": "0"}, "MAX_TEXT_FILTER_LENGTH must be at least 1, not 0"),
        ({"MAX_FILTER_DEPTH": "-1"}, "MAX_FILTER_DEPTH must be at least 1, not -1"),
        (
            {"MAX_REQUEST_BYTES": "2000000", "MAX_IMPORT_BYTES": "1000000"},
            "MAX_IMPORT_BYTES (1000000) must not be below MAX_REQUEST_BYTES (2000000)",
        ),
        (
            {"REQUEST_TIMEOUT_SECONDS": "soon"},
            "REQUEST_TIMEOUT_SECONDS must be a number of seconds, such as 5 or 0.5, not 'soon'",
        ),
        ({"STATEMENT_TIMEOUT_SECONDS": "0"}, "STATEMENT_TIMEOUT_SECONDS must be between 0.01 and 86400 seconds, not 0"),
        ({"LOCK_TIMEOUT_SECONDS": "-1"}, "LOCK_TIMEOUT_SECONDS must be between 0.01 and 86400 seconds, not -1"),
        ({"POOL_TIMEOUT_SECONDS": "nan"}, "POOL_TIMEOUT_SECONDS must be between 0.01 and 86400 seconds, not nan"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(environ: dict[str, str], message: str) -> None:
    # given an environment with a value the register cannot use
    # when the settings are read
    with pytest.raises(SettingsError) as refused:
        Settings.from_environ(environ)

    # then start-up stops with a message naming the variable and the value
    assert str(refused.value) == message


def test_settings_built_in_code_cannot_switch_a_limit_off() -> None:
    # given settings built directly, as tests and tools do
    # when a limit is set to zero, or the default page is set above the cap
    # then they are refused just as the environment's would be
    with pytest.raises(SettingsError, match="MAX_QUERY_DEPTH must be at least 1, not 0"):
        Settings(max_query_depth=0)
    with pytest.raises(SettingsError, match=r"PAGE_SIZE_DEFAULT \(30\) must not exceed PAGE_SIZE_MAX \(25\)"):
        Settings(default_page_size=30, max_page_size=25)


def test_the_time_limits_are_read_in_seconds() -> None:
    # given an operator raising the request limit and shortening the pool wait
    settings = Settings.from_environ({"REQUEST_TIMEOUT_SECONDS": "120", "POOL_TIMEOUT_SECONDS": "0.5"})

    # then the register uses those, and the defaults for the rest
    assert (settings.request_timeout_seconds, settings.pool_timeout_seconds) == (120.0, 0.5)
    assert settings.statement_timeout_seconds == Settings.statement_timeout_seconds


def test_persisted_queries_are_open_by_default_and_read_from_their_variables() -> None:
    # given no environment, then a production one
    default = Settings.from_environ({})
    production = Settings.from_environ(
        {
            "PERSISTED_QUERIES_ONLY": "true",
            "APQ_MAX_OPERATIONS": "500",
            "PERSISTED_QUERY_FOLDERS": "board/operations, front-end/operations",
        }
    )

    # then any document runs by default, and production runs only those loaded ahead, from both folders
    assert (default.persisted_queries_only, default.apq_max_operations, default.persisted_query_folders) == (
        False,
        10_000,
        (),
    )
    assert production.persisted_queries_only is True
    assert production.apq_max_operations == 500
    assert production.persisted_query_folders == ("board/operations", "front-end/operations")


def test_the_bound_on_automatic_registrations_cannot_be_switched_off() -> None:
    with pytest.raises(SettingsError, match="APQ_MAX_OPERATIONS must be at least 1"):
        Settings.from_environ({"APQ_MAX_OPERATIONS": "0"})


def test_the_response_cache_has_a_budget_by_default_and_nought_switches_it_off() -> None:
    # when the response cache's budget is left alone, set, or set to nought
    # then it is 64 MiB, the number given, or none at all
    assert Settings.from_environ({}).response_cache_bytes == 64 * 1024 * 1024
    assert Settings.from_environ({"RESPONSE_CACHE_BYTES": "1048576"}).response_cache_bytes == 1048576
    assert Settings.from_environ({"RESPONSE_CACHE_BYTES": "0"}).response_cache_bytes == 0
    with pytest.raises(SettingsError, match="RESPONSE_CACHE_BYTES must be at least 0, not -5"):
        Settings(response_cache_bytes=-5)


def test_live_subscriptions_poll_each_second_and_allow_ten_websockets_a_token_unless_told() -> None:
    assert (Settings().subscription_poll_seconds, Settings().websockets_per_token) == (1.0, 10)
    told = Settings.from_environ({"SUBSCRIPTION_POLL_SECONDS": "0.25", "WEBSOCKETS_PER_TOKEN": "3"})
    assert (told.subscription_poll_seconds, told.websockets_per_token) == (0.25, 3)


def test_webhooks_are_safe_by_default_and_read_from_their_variables() -> None:
    # given no environment, then one for a local receiver with short retries
    default = Settings.from_environ({})
    local = Settings.from_environ(
        {
            "WEBHOOK_ALLOW_LOOPBACK": "true",
            "WEBHOOK_ALLOW_PRIVATE": "yes",
            "WEBHOOK_TIMEOUT_SECONDS": "2",
            "WEBHOOK_RETRY_BASE_SECONDS": "1",
            "WEBHOOK_RETRY_MAX_SECONDS": "60",
            "WEBHOOK_DISABLE_AFTER_FAILURES": "3",
            "WEBHOOK_POLL_SECONDS": "0.1",
            "WEBHOOK_WORKER": "false",
        }
    )

    # then by default only public receivers are sent to, retried for hours, and `register serve` delivers
    assert (default.webhook_allow_loopback, default.webhook_allow_private, default.webhook_worker) == (
        False,
        False,
        True,
    )
    retried = sum(min(60 * 60, 30 * 2**n) for n in range(default.webhook_disable_after_failures - 1))
    assert retried > 4 * 3600
    assert (local.webhook_allow_loopback, local.webhook_allow_private, local.webhook_worker) == (True, True, False)
    assert (local.webhook_timeout_seconds, local.webhook_retry_base_seconds, local.webhook_retry_max_seconds) == (
        2.0,
        1.0,
        60.0,
    )
    assert (local.webhook_disable_after_failures, local.webhook_poll_seconds) == (3, 0.1)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"WEBSOCKETS_PER_TOKEN": "0"}, "WEBSOCKETS_PER_TOKEN must be at least 1, not 0"),
        ({"SUBSCRIPTION_POLL_SECONDS": "0"}, "SUBSCRIPTION_POLL_SECONDS must be between 0.01 and 86400 seconds, not 0"),
    ],
)
def test_live_subscriptions_limits_cannot_be_switched_off(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_environ(environ)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"WEBHOOK_DISABLE_AFTER_FAILURES": "0"}, "WEBHOOK_DISABLE_AFTER_FAILURES must be at least 1, not 0"),
        ({"WEBHOOK_TIMEOUT_SECONDS": "0"}, "WEBHOOK_TIMEOUT_SECONDS must be between 0.01 and 86400 seconds, not 0"),
        (
            {"WEBHOOK_RETRY_BASE_SECONDS": "600", "WEBHOOK_RETRY_MAX_SECONDS": "60"},
            "WEBHOOK_RETRY_MAX_SECONDS (60) must not be below WEBHOOK_RETRY_BASE_SECONDS (600)",
        ),
        ({"WEBHOOK_ALLOW_LOOPBACK": "sometimes"}, "WEBHOOK_ALLOW_LOOPBACK must be true or false, not 'sometimes'"),
    ],
)
def test_a_bad_webhook_setting_is_refused_naming_the_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_environ(environ)
    assert str(refused.value) == message
