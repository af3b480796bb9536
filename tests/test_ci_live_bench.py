"""`.ci/run` refuses a live bench before it changes anything (docs/developers/getting-started.md).

The check is `.ci/bench_is_live.py` (its docstring says what "live" means). These tests build
bench-like folders: a development bench is accepted; a bench with any one of the live marks is
refused, with the reason printed and a non-zero exit; the override accepts it. `.ci/run` itself is
run against such folders too, to show that it asks the same check first and changes nothing in a
bench it refuses, nor leaves its work folder behind.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHECK = REPO / ".ci" / "bench_is_live.py"
CI_RUN = REPO / ".ci" / "run"


def make_bench(root: Path) -> Path:
	"""A development bench as `bench init` and `bench new-site` leave it, with *.localhost sites."""
	bench = root / "frappe-bench"
	(bench / "apps" / "frappe").mkdir(parents=True)
	(bench / "config" / "pids").mkdir(parents=True)
	(bench / "Procfile").write_text("web: bench serve --port 8000\n")
	sites = bench / "sites"
	sites.mkdir()
	(sites / "apps.txt").write_text("frappe\nfamily_safeguarding\n")
	write_json(
		sites / "common_site_config.json",
		{"restart_supervisor_on_update": False, "restart_systemd_on_update": False, "webserver_port": 8000},
	)
	(sites / "assets").mkdir()
	add_site(bench, "demo.localhost", {"host_name": "http://demo.localhost:8000"})
	add_site(bench, "test_site")
	add_site(bench, "site1.local")
	(bench / "apps" / "family_safeguarding").symlink_to(root)
	return bench


def add_site(bench: Path, name: str, config: dict | None = None) -> None:
	(bench / "sites" / name).mkdir()
	write_json(bench / "sites" / name / "site_config.json", {"db_name": "_x", **(config or {})})


def write_json(path: Path, value: dict) -> None:
	path.write_text(json.dumps(value, indent=1))


def check(bench: Path, *args: str, system_root: Path | None = None) -> subprocess.CompletedProcess:
	root = (
		["--system-root", str(system_root)]
		if system_root
		else ["--system-root", str(bench.parent / "no-etc")]
	)
	return subprocess.run(
		[sys.executable, str(CHECK), str(bench), *root, *args], capture_output=True, text=True, check=False
	)


# Each live mark: how to put it on a bench, and what the refusal says.
def _supervisor(bench, etc):
	(bench / "config" / "supervisor.conf").write_text("[program:frappe-bench-web]\n")


def _nginx(bench, etc):
	(bench / "config" / "nginx.conf").write_text("server { listen 80; }\n")


def _systemd(bench, etc):
	(bench / "config" / "systemd").mkdir()
	(bench / "config" / "systemd" / "frappe-bench-web.service").write_text("[Service]\n")


def _etc_link(bench, etc):
	(etc / "etc" / "supervisor" / "conf.d").mkdir(parents=True)
	(bench / "deploy").mkdir()
	(bench / "deploy" / "frappe.conf").write_text("[program:web]\n")
	(etc / "etc" / "supervisor" / "conf.d" / "frappe-bench.conf").symlink_to(bench / "deploy" / "frappe.conf")


def _etc_text(bench, etc):
	(etc / "etc" / "nginx" / "sites-enabled").mkdir(parents=True)
	(etc / "etc" / "nginx" / "sites-enabled" / "erp").write_text(f"server {{ root {bench}/sites; }}\n")


def _etc_systemd(bench, etc):
	(etc / "etc" / "systemd" / "system").mkdir(parents=True)
	(etc / "etc" / "systemd" / "system" / "frappe-web.service").write_text(
		f"[Service]\nWorkingDirectory={bench}/sites\n"
	)


def _restart_supervisor(bench, etc):
	path = bench / "sites" / "common_site_config.json"
	write_json(path, {**json.loads(path.read_text()), "restart_supervisor_on_update": True})


def _restart_systemd(bench, etc):
	path = bench / "sites" / "common_site_config.json"
	write_json(path, {**json.loads(path.read_text()), "restart_systemd_on_update": True})


def _public_site(bench, etc):
	add_site(bench, "erp.council.gov.uk")


def _public_host_name(bench, etc):
	add_site(bench, "copy.localhost", {"host_name": "https://erp.council.gov.uk"})


def _domains(bench, etc):
	add_site(bench, "other.localhost", {"domains": ["families.council.gov.uk"]})


def _ssl(bench, etc):
	add_site(bench, "tls.localhost", {"ssl_certificate": "/etc/letsencrypt/live/x/fullchain.pem"})


LIVE_MARKS = {
	"supervisor config": (_supervisor, "config/supervisor.conf exists"),
	"nginx config": (_nginx, "config/nginx.conf exists"),
	"systemd units": (_systemd, "config/systemd/ holds unit files"),
	"supervisor links into the bench": (_etc_link, "frappe-bench.conf leads into the bench"),
	"nginx names the bench": (_etc_text, "sites-enabled/erp names the bench's folder"),
	"systemd names the bench": (_etc_systemd, "frappe-web.service names the bench's folder"),
	"restart_supervisor_on_update": (_restart_supervisor, "restart_supervisor_on_update on"),
	"restart_systemd_on_update": (_restart_systemd, "restart_systemd_on_update on"),
	"public site name": (_public_site, "site erp.council.gov.uk has a public name"),
	"public host_name": (_public_host_name, "site copy.localhost has host_name https://erp.council.gov.uk"),
	"custom domains": (_domains, "site other.localhost has custom domains"),
	"ssl certificate": (_ssl, "site tls.localhost has an ssl_certificate"),
}


def test_a_development_bench_is_not_live(tmp_path):
	bench = make_bench(tmp_path)
	etc = tmp_path / "root"
	(etc / "etc" / "nginx" / "conf.d").mkdir(parents=True)
	(etc / "etc" / "nginx" / "conf.d" / "other.conf").write_text("server { root /srv/other; }\n")
	result = check(bench, system_root=etc)
	assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.parametrize("mark", LIVE_MARKS)
def test_each_live_mark_is_refused_with_its_reason(tmp_path, mark):
	bench = make_bench(tmp_path)
	etc = tmp_path / "root"
	etc.mkdir()
	make, reason = LIVE_MARKS[mark]
	make(bench, etc)
	result = check(bench, system_root=etc)
	assert result.returncode == 1
	assert reason in result.stdout
	assert len(result.stdout.splitlines()) == 1, result.stdout


def test_the_sites_ci_makes_itself_are_not_counted(tmp_path):
	bench = make_bench(tmp_path)
	add_site(bench, "ci.council.gov.uk")
	assert check(bench).returncode == 1
	assert check(bench, "--ignore-site", "ci.council.gov.uk").returncode == 0


def test_a_folder_that_is_no_bench_is_an_error(tmp_path):
	result = check(tmp_path)
	assert result.returncode == 2
	assert "not a Frappe bench" in result.stdout


@pytest.mark.parametrize(
	"name, local",
	[
		("localhost", True),
		("demo.localhost", True),
		("test_site", True),
		("site1.local", True),
		("x.test", True),
		("box.home.arpa", True),
		("127.0.0.1", True),
		("[::1]", True),
		("erp.council.gov.uk", False),
		("10.0.0.5", False),
		("families.example.org", False),
	],
)
def test_local_names(name, local):
	sys.path.insert(0, str(CHECK.parent))
	try:
		from bench_is_live import is_local_name
	finally:
		sys.path.remove(str(CHECK.parent))
	assert is_local_name(name) is local


# --- .ci/run asks the same check before it changes anything -----------------------------------------


def snapshot(folder: Path) -> dict:
	"""Every path below the folder with its kind, mode, times and contents (or link target)."""
	seen = {}
	for path in sorted(folder.rglob("*")):
		stat = path.lstat()
		if path.is_symlink():
			what = ("link", os.readlink(path))
		elif path.is_dir():
			what = ("dir",)
		else:
			what = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
		seen[str(path.relative_to(folder))] = (*what, stat.st_mode, stat.st_mtime_ns)
	return seen


def ci_run(bench: Path, tmp_path: Path, *args: str, **env) -> subprocess.CompletedProcess:
	work = tmp_path / "tmp"
	work.mkdir(exist_ok=True)
	environment = {
		**{key: value for key, value in os.environ.items() if key != "FS_CI_ALLOW_LIVE_BENCH"},
		"FRAPPE_BENCH": str(bench),
		"FS_CI_SKIP_PLAIN": "1",
		"TMPDIR": str(work),
		# No bench CLI on PATH: should the check ever be skipped, .ci/run stops before the bench.
		"PATH": "/usr/bin:/bin",
		**env,
	}
	return subprocess.run(
		["bash", str(CI_RUN), *args],
		env=environment,
		capture_output=True,
		text=True,
		check=False,
		timeout=120,
		stdin=subprocess.DEVNULL,
	)


@pytest.mark.parametrize("mark", ["supervisor config", "public site name", "restart_systemd_on_update"])
def test_ci_run_refuses_a_live_bench_and_changes_nothing(tmp_path, mark):
	bench = make_bench(tmp_path)
	LIVE_MARKS[mark][0](bench, tmp_path)
	before = snapshot(bench)
	result = ci_run(bench, tmp_path)
	assert result.returncode == 1, result.stdout + result.stderr
	assert "is live" in result.stdout
	assert LIVE_MARKS[mark][1] in result.stdout
	assert "--i-know-this-bench-is-live" in result.stdout
	assert snapshot(bench) == before
	assert list((tmp_path / "tmp").iterdir()) == []  # its work folder is gone


def test_ci_run_accepts_a_development_bench(tmp_path):
	bench = make_bench(tmp_path)
	before = snapshot(bench)
	result = ci_run(bench, tmp_path, FS_CI_ONLY_CHECK_BENCH="1")
	assert result.returncode == 0, result.stdout + result.stderr
	assert "not live" in result.stdout
	assert snapshot(bench) == before
	assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize(
	"how", [{"args": ("--i-know-this-bench-is-live",)}, {"env": {"FS_CI_ALLOW_LIVE_BENCH": "1"}}]
)
def test_ci_run_uses_a_live_bench_when_told_to(tmp_path, how):
	bench = make_bench(tmp_path)
	_nginx(bench, tmp_path)
	before = snapshot(bench)
	result = ci_run(bench, tmp_path, *how.get("args", ()), FS_CI_ONLY_CHECK_BENCH="1", **how.get("env", {}))
	assert result.returncode == 0, result.stdout + result.stderr
	assert "config/nginx.conf exists" in result.stdout
	assert "Going on all the same" in result.stdout
	assert snapshot(bench) == before
