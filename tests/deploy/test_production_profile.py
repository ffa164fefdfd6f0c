"""The documented production profile (deploy/, README "Production"): every setting names a real Streamlit
option, errors are hidden, usage statistics and static serving are off, origins and hosts are pinned, and the
upload cap is the same at the proxy and in the app."""
import re
from pathlib import Path

import pytest
from streamlit import config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _profile() -> dict[str, str]:
    lines = (DEPLOY / "production.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def _options_by_env_var() -> dict[str, str]:
    return {option.env_var: key for key, option in config._config_options_template.items()}


def test_every_setting_names_a_real_streamlit_option_or_an_app_setting():
    known = _options_by_env_var()
    unknown = [name for name in _profile() if name not in known and not name.startswith("GSP_")]
    assert not unknown, f"not Streamlit options (typo?): {unknown}"


APP_SETTINGS = ("GSP_IMPORT_MAX_MB", "GSP_IMPORT_MAX_ROWS")  # read by models.importer.limits
PROXY_SETTING = "GSP_TRUSTED_PROXIES"  # read by ui.auth: whose X-Real-IP names the client


def test_the_app_settings_are_known_and_the_importer_takes_the_upload_cap(monkeypatch):
    from models.importer import limits
    profile = _profile()
    assert sorted(k for k in profile if k.startswith("GSP_")) == sorted((*APP_SETTINGS, PROXY_SETTING))
    for name in APP_SETTINGS:
        monkeypatch.setenv(name, profile[name])
    taken = limits()
    assert taken.max_bytes == int(profile["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"]) * 1024 * 1024
    assert taken.max_rows == int(profile["GSP_IMPORT_MAX_ROWS"])


@pytest.mark.parametrize(("name", "value"), [
    ("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "none"),
    ("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false"),
    ("STREAMLIT_SERVER_ENABLE_STATIC_SERVING", "false"),
    ("STREAMLIT_SERVER_ENABLE_CORS", "true"),
    ("STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION", "true"),
    ("STREAMLIT_SERVER_HEADLESS", "true"),
    ("STREAMLIT_CLIENT_SHOW_SIDEBAR_NAVIGATION", "false"),
    ("STREAMLIT_CLIENT_DISABLE_DATA_EXPORT", "true"),
])
def test_the_profile_locks_down(name, value):
    assert _profile()[name] == value


def test_origins_and_hosts_are_pinned_to_the_proxy_name():
    profile = _profile()
    host = re.search(r"server_name\s+([^;\s]+);", (DEPLOY / "nginx.conf").read_text()).group(1)
    assert profile["STREAMLIT_SERVER_ALLOWED_HOSTS"] == host
    assert profile["STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS"] == f"https://{host}"


def test_the_upload_cap_is_the_same_at_the_proxy_and_in_the_app():
    nginx = re.search(r"client_max_body_size\s+(\d+)m;", (DEPLOY / "nginx.conf").read_text()).group(1)
    assert _profile()["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"] == nginx


def test_the_proxy_keeps_each_browser_on_one_process_and_passes_websockets():
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert "ip_hash;" in nginx and "proxy_set_header Upgrade $http_upgrade;" in nginx


def test_the_proxy_passes_the_client_address_and_the_app_believes_only_the_proxy():
    from logic.signin import client_address, trusted_networks
    assert "proxy_set_header X-Real-IP $remote_addr;" in (DEPLOY / "nginx.conf").read_text()
    trusted = trusted_networks(_profile()[PROXY_SETTING])
    assert client_address(None, "198.51.100.4", trusted) == "198.51.100.4"  # nginx on loopback
    assert client_address("203.0.113.7", "198.51.100.4", trusted) == "203.0.113.7"  # anyone else: the peer


def test_the_development_config_also_hides_the_tables_own_unguarded_csv_button():
    import tomllib
    toml = tomllib.loads((DEPLOY.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert toml["client"]["disableDataExport"] is True
