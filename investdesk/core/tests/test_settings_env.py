"""Settings are read from the environment by helpers that fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from investdesk.env import database_config, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)])
def test_env_bool_reads_the_usual_spellings(raw, expected):
    assert env_bool("X", environ={"X": raw}) is expected


def test_env_bool_refuses_anything_else():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG", environ={"DEBUG": "maybe"})


def test_env_int_refuses_words_and_values_below_the_minimum():
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT must be an integer"):
        env_int("AXES_FAILURE_LIMIT", 5, environ={"AXES_FAILURE_LIMIT": "five"})
    with pytest.raises(ImproperlyConfigured, match="at least 60"):
        env_int("SESSION_IDLE_SECONDS", 1800, minimum=60, environ={"SESSION_IDLE_SECONDS": "10"})
    assert env_int("N", 7, environ={}) == 7


def test_env_list_refuses_empty_items():
    assert env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.gov.cn, b.gov.cn"}) == ["a.gov.cn", "b.gov.cn"]
    with pytest.raises(ImproperlyConfigured, match="without empty items"):
        env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.gov.cn,,b"})


def test_database_url_defaults_to_sqlite_in_wal_mode_with_a_busy_timeout():
    config = database_config(None, "/srv/var/investdesk.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/var/investdesk.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout=20000" in config["OPTIONS"]["init_command"]


def test_database_url_reads_postgres_and_refuses_other_schemes():
    config = database_config("postgres://postgres@127.0.0.1:5432/investdesk", "unused")
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == (
        "django.db.backends.postgresql",
        "investdesk",
        "127.0.0.1",
    )
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be"):
        database_config("mysql://root@localhost/x", "unused")


def _manage(args, env):
    # A clean environment: nothing of the test run's own settings may leak into the check.
    full_env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    full_env.update(env, DJANGO_SETTINGS_MODULE="investdesk.settings", INVESTDESK_VAR_DIR="/tmp/investdesk-check-var")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage(["check"], {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_settings_refuse_a_bad_debug_value():
    result = _manage(["check"], {"DEBUG": "perhaps", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    result = _manage(
        ["check", "--deploy"],
        {
            "DEBUG": "0",
            "SECRET_KEY": "k3J9-production-like-secret-" + "q7Zx" * 10,
            "ALLOWED_HOSTS": "investdesk.example.gov.cn",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
