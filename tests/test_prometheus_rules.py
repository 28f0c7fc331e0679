"""deploy/prometheus: the alert rules are valid and fire when they should (promtool, from Debian's
`prometheus` package: `make promtool`), and every metric they read is one /metrics really exposes."""

import re
import shutil
import subprocess  # nosec B404 - promtool, with fixed arguments
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "prometheus"
ALERTS = {
    "BackspasmServerErrors",
    "BackspasmEdgePurgesFailing",
    "BackspasmPublishDueNotRunning",
    "BackspasmPruneInsightNotRunning",
}


def promtool() -> str:
    found = shutil.which("promtool")
    if not found:
        pytest.skip("promtool is not installed: `make promtool` installs Debian's prometheus package")
    return found


def rules() -> list[dict]:
    return [
        rule
        for group in yaml.safe_load((DEPLOY / "alerts.yml").read_text())["groups"]
        for rule in group["rules"]
    ]


def test_the_alert_rules_are_the_four_asked_for_and_parse():
    assert {rule["alert"] for rule in rules()} == ALERTS
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    assert config["rule_files"] == ["alerts.yml"]
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == "/metrics" and job["authorization"]["type"] == "Bearer"


@pytest.mark.django_db
def test_every_metric_the_rules_read_is_exposed(client, settings):
    settings.METRICS_TOKEN = "rules-test-token"
    client.get("/")
    exposed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer rules-test-token").content.decode()
    names = {line.split()[2] for line in exposed.splitlines() if line.startswith("# TYPE")}
    names |= {f"{name}_total" for name in names}
    for rule in rules():
        for metric in set(re.findall(r"\bbackspasm_[a-z_]+", rule["expr"])):
            assert metric in names, (rule["alert"], metric)


def test_promtool_checks_the_rules_and_their_unit_tests(tmp_path):
    tool = promtool()
    for arguments in (["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]):
        done = subprocess.run([tool, *arguments], cwd=DEPLOY, capture_output=True, text=True, timeout=60)  # noqa: S603  # nosec B603
        assert done.returncode == 0, done.stdout + done.stderr
    # The scrape config, with its token file where the example says it is (here, a temporary one).
    token = tmp_path / "token"
    token.write_text("x")
    config = tmp_path / "prometheus.yml"
    text = (
        (DEPLOY / "prometheus.yml").read_text().replace("/etc/prometheus/backspasm-metrics-token", str(token))
    )
    config.write_text(text)
    shutil.copy(DEPLOY / "alerts.yml", tmp_path / "alerts.yml")
    done = subprocess.run([tool, "check", "config", str(config)], capture_output=True, text=True, timeout=60)  # noqa: S603  # nosec B603
    assert done.returncode == 0, done.stdout + done.stderr
