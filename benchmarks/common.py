"""What the request benchmarks (guard.py, audit.py) share: their command line, the site they
connect to, the request they describe to Frappe and the figures they print."""

import argparse
import os
import statistics
import sys

import frappe
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request


def arguments(description: str, runs: int, user: str | None = None) -> argparse.Namespace:
	"""--site, --runs and, when a default `user` is given, --user."""
	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--site", required=True)
	if user:
		parser.add_argument("--user", default=user)
	parser.add_argument("--runs", type=int, default=runs)
	return parser.parse_args()


def connect(site: str) -> None:
	"""Connect to `site` as bench does, from the bench directory."""
	if not os.path.isdir(os.path.join("sites", site)):
		sys.exit(f"Run this from the bench directory: no sites/{site} here")
	os.chdir("sites")  # as bench does: Frappe's logs are relative to it
	frappe.init(site=site, sites_path=".")
	frappe.connect()


def first_family(user: str, site: str) -> str:
	"""A family `user` may read, as that user from now on."""
	frappe.set_user(user)
	family = frappe.get_list("Family", pluck="name", limit=1)
	if not family:
		sys.exit(f"{user} sees no family on {site}: load the demo data first.")
	return family[0]


def begin_request(path: str, params: dict) -> Request:
	"""A GET of `path` with `params`, set up as Frappe's request of this thread."""
	request = Request(EnvironBuilder(path=path, query_string=params, method="GET").get_environ())
	frappe.local.request = request
	frappe.local.form_dict = frappe._dict(params)
	return request


def p50_p95(times: list[float]) -> tuple[float, float]:
	return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]
