#!/usr/bin/env python3
"""Is this Frappe bench live? `.ci/run` asks before it changes anything, and refuses a live bench.

.ci/run installs packages, starts database servers, swaps the bench's copy of this app for the
checkout under test, builds its assets and creates sites with a known password: fine on a
developer's or CI's bench, not on one that serves people. This reads files only (no Frappe, no
database, no network), so it answers the same whether or not the bench is running.

A bench is live when any of these holds (each is a fact an IT engineer can check by hand):

1. production process config: `bench setup production` (or `bench setup supervisor`, `nginx`,
   `systemd`) wrote `config/supervisor.conf`, `config/nginx.conf` or a file under `config/systemd/`;
2. the machine's services point at it: a file or link in /etc/supervisor/conf.d, /etc/supervisord.d,
   /etc/nginx/conf.d, /etc/nginx/sites-enabled or /etc/systemd/system leads into the bench's folder,
   or names it in its text;
3. `sites/common_site_config.json` has `restart_supervisor_on_update` or `restart_systemd_on_update`
   true (what `bench setup production` sets, so that updates restart the served processes);
4. a site other than those .ci/run makes itself (`--ignore-site`) is addressed by a public name:
   its folder's name, or the host of its `host_name`, is a public domain name; or it has custom
   `domains` (`bench setup add-domain`) or an `ssl_certificate` (`bench setup lets-encrypt`).

A name is local, not public, when it is a loopback address (127.0.0.0/8, ::1), has no dot (as
`frappe`'s own CI's `test_site`), or ends in a name reserved for local or test use: localhost,
local, test, example, invalid, internal, lan, localdomain or home.arpa (RFC 2606, 6761, 6762, 8375).
So a bench of `*.localhost` sites with no production config, as this project's development and CI
benches are, is not live.

Not looked at, because they need the database: whether a site's scheduler is enabled and who
logged in lately. A bench that serves people has one of the marks above: a web server or process
manager in front of it (1, 2, 3) or a public name for its users to reach it by (4).

Usage: bench_is_live.py BENCH [--ignore-site NAME]... [--system-root DIR]
Prints one line per reason and exits 1 when the bench is live; exits 0 (printing nothing) when it is
not, and 2 when BENCH is not a bench. --system-root reads /etc from another folder (for the tests).
"""

import argparse
import ipaddress
import json
import os
import sys
from urllib.parse import urlsplit

PRODUCTION_FILES = ("config/supervisor.conf", "config/nginx.conf")
PRODUCTION_DIRS = ("config/systemd",)
SERVICE_DIRS = (
	"etc/supervisor/conf.d",
	"etc/supervisord.d",
	"etc/nginx/conf.d",
	"etc/nginx/sites-enabled",
	"etc/systemd/system",
)
PRODUCTION_SETTINGS = ("restart_supervisor_on_update", "restart_systemd_on_update")
LOCAL_SUFFIXES = (
	"localhost",
	"local",
	"test",
	"example",
	"invalid",
	"internal",
	"lan",
	"localdomain",
	"home.arpa",
)


def is_local_name(name: str) -> bool:
	name = name.strip().rstrip(".").lower()
	try:
		return ipaddress.ip_address(name.strip("[]")).is_loopback
	except ValueError:
		pass
	if "." not in name:
		return True
	return any(name == suffix or name.endswith("." + suffix) for suffix in LOCAL_SUFFIXES)


def _read_json(path: str) -> dict:
	try:
		with open(path, encoding="utf-8") as f:
			value = json.load(f)
	except (OSError, ValueError):
		return {}
	return value if isinstance(value, dict) else {}


def production_config(bench: str) -> list[str]:
	reasons = [
		f"{name} exists (written by `bench setup production`)"
		for name in PRODUCTION_FILES
		if os.path.exists(os.path.join(bench, name))
	]
	for name in PRODUCTION_DIRS:
		folder = os.path.join(bench, name)
		if os.path.isdir(folder) and os.listdir(folder):
			reasons.append(f"{name}/ holds unit files (written by `bench setup systemd`)")
	return reasons


def services_pointing_at(bench: str, system_root: str) -> list[str]:
	real_bench = os.path.realpath(bench)
	names = {real_bench.encode(), os.path.abspath(bench).encode()}
	reasons = []
	for folder in SERVICE_DIRS:
		folder = os.path.join(system_root, folder)
		if not os.path.isdir(folder):
			continue
		for entry in sorted(os.listdir(folder)):
			path = os.path.join(folder, entry)
			target = os.path.realpath(path)
			if target == real_bench or target.startswith(real_bench + os.sep):
				reasons.append(f"{path} leads into the bench ({target})")
				continue
			if not os.path.isfile(path):
				continue
			try:
				with open(path, "rb") as f:
					text = f.read(1 << 20)
			except OSError:
				continue
			if any(name in text for name in names):
				reasons.append(f"{path} names the bench's folder")
	return reasons


def production_settings(bench: str) -> list[str]:
	common = _read_json(os.path.join(bench, "sites", "common_site_config.json"))
	return [
		f"sites/common_site_config.json has {key} on (set by `bench setup production`)"
		for key in PRODUCTION_SETTINGS
		if common.get(key) is True or common.get(key) in (1, "1", "true")
	]


def public_sites(bench: str, ignore: set[str]) -> list[str]:
	sites = os.path.join(bench, "sites")
	reasons = []
	for site in sorted(os.listdir(sites)) if os.path.isdir(sites) else ():
		config_path = os.path.join(sites, site, "site_config.json")
		if site in ignore or not os.path.isfile(config_path):
			continue
		config = _read_json(config_path)
		if not is_local_name(site):
			reasons.append(f"site {site} has a public name")
		host_name = config.get("host_name")
		if isinstance(host_name, str) and host_name.strip():
			host = urlsplit(host_name if "//" in host_name else "//" + host_name).hostname or ""
			if not is_local_name(host):
				reasons.append(f"site {site} has host_name {host_name}")
		if config.get("domains"):
			reasons.append(f"site {site} has custom domains (bench setup add-domain)")
		if config.get("ssl_certificate"):
			reasons.append(f"site {site} has an ssl_certificate (bench setup lets-encrypt)")
	return reasons


def reasons_live(bench: str, ignore: set[str] = frozenset(), system_root: str = "/") -> list[str]:
	return (
		production_config(bench)
		+ services_pointing_at(bench, system_root)
		+ production_settings(bench)
		+ public_sites(bench, set(ignore))
	)


def main(argv=None) -> int:
	parser = argparse.ArgumentParser(description="Is this Frappe bench live? (exit 1 when it is)")
	parser.add_argument("bench")
	parser.add_argument("--ignore-site", action="append", default=[], help="a site .ci/run makes itself")
	parser.add_argument("--system-root", default="/", help="where to read etc/ from (default /)")
	args = parser.parse_args(argv)
	if not os.path.isdir(os.path.join(args.bench, "sites")):
		print(f"{args.bench} is not a Frappe bench (it has no sites/ folder)")
		return 2
	reasons = reasons_live(args.bench, set(args.ignore_site), args.system_root)
	for reason in reasons:
		print(reason)
	return 1 if reasons else 0


if __name__ == "__main__":
	sys.exit(main())
