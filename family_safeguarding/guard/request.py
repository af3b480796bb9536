"""What a request will run, worked out the way Frappe itself works it out.

The guard must check the arguments the endpoint will receive, not its own reading of the request:
so the route comes from Frappe's own URL map (`frappe.api.API_URL_MAP`), and a method name goes
through `override_whitelisted_methods` as `frappe.handler.execute_cmd` does. The arguments are the
whole form_dict: `frappe.call` passes a function the values of its own parameters from it, and many
endpoints (reportview.get, upload_file) read the form_dict itself. Each allowlist entry reads its
endpoint's arguments by the endpoint's own parameter names (checked by the bench tests).
"""

import inspect
from dataclasses import dataclass, field
from urllib.parse import unquote

import frappe
from werkzeug.exceptions import MethodNotAllowed, NotFound


@dataclass
class Route:
	"""One request, as the code that will answer it sees it.

	kind: "method" (a whitelisted function), "resource" (a REST document route), "file" (a
	private file), "page" (a web page) or "unknown".
	"""

	kind: str
	method: str | None = None  # the dotted path of the function that will run
	function: object = None
	action: str | None = None  # for "resource": list, create, read, update, delete, run_method, count, meta
	doctype: str | None = None
	name: str | None = None
	path: str = ""
	args: dict = field(default_factory=dict)


def describe(request, form_dict: dict) -> Route:
	"""The route in the order `frappe.app.application` tries them: `cmd` first, then `/api/`,
	then private files, then pages."""
	path = unquote(request.path)
	if form_dict.get("cmd"):
		return rpc(str(form_dict["cmd"]), form_dict, path)
	if path.startswith("/api/"):
		return api_route(request, form_dict, path)
	if path.startswith("/private/files/"):
		return Route("file", path=path, args=dict(form_dict))
	return Route("page", path=path.rstrip("/") or "/", args=dict(form_dict))


def api_route(request, form_dict: dict, path: str) -> Route:
	from frappe.api import API_URL_MAP, v1, v2

	try:
		endpoint, arguments = API_URL_MAP.bind_to_environ(request.environ).match()
	except (NotFound, MethodNotAllowed):
		return Route("unknown", path=path)
	if endpoint in (v1.handle_rpc_call, v2.handle_rpc_call):
		method = arguments["method"]
		if arguments.get("doctype"):
			# /api/v2/method/<doctype>/<method>: a function of the DocType's controller module
			from frappe.modules.utils import load_doctype_module

			try:
				method = load_doctype_module(arguments["doctype"]).__name__ + "." + method
			except Exception:
				return Route("unknown", path=path)
		return rpc(method, form_dict, path)
	name = getattr(endpoint, "__name__", "")
	if name in ("login", "logout", "ping", "upload_file"):
		return rpc(name if name != "ping" else "frappe.ping", form_dict, path)
	if name == "<lambda>":  # /api/v2/method/run_doc_method
		return rpc("run_doc_method", form_dict, path)
	action = {
		"document_list": "list",
		"create_doc": "create",
		"read_doc": "read",
		"update_doc": "update",
		"delete_doc": "delete",
		"execute_doc_method": "run_method",
		"count": "count",
		"get_meta": "meta",
	}.get(name, "unknown")
	if action == "read" and "run_method" in form_dict:
		action = "run_method"
	return Route(
		"resource",
		action=action,
		doctype=arguments.get("doctype"),
		name=arguments.get("name"),
		path=path,
		args=dict(form_dict),
	)


def resolve(method: str) -> str:
	"""The function Frappe will run for `method`: the last override wins, as in execute_cmd."""
	for hook in reversed(frappe.get_hooks("override_whitelisted_methods", {}).get(method, [])):
		return hook
	return method


SHORT_NAMES = {
	# the handler's own functions, called by their short names
	"upload_file": "frappe.handler.upload_file",
	"run_doc_method": "frappe.handler.run_doc_method",
	"runserverobj": "frappe.handler.runserverobj",
	"logout": "frappe.handler.logout",
	"web_logout": "frappe.handler.web_logout",
	"login": "login",
}


def rpc(method: str, form_dict: dict, path: str) -> Route:
	method = SHORT_NAMES.get(method, method)
	method = resolve(method)
	try:
		function = frappe.get_attr(method) if "." in method else None
	except Exception:
		function = None
	args = dict(form_dict)
	args.pop("cmd", None)
	return Route("method", method=method, function=function, path=path, args=args)


def parameters_of(function) -> set[str]:
	try:
		return set(inspect.signature(function).parameters)
	except (TypeError, ValueError):
		return set()
