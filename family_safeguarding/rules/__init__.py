"""Pure rules of the app: no database, no `import frappe`.

Each rule raises `RuleError` with a message that names the field, so that a controller can show
the message and the plain pytest suite can test the rule on its own.

A message is an English template with named placeholders and the values that fill them, never a
finished sentence: it is translated where it is shown, in the user's language
(`refusals.refuse_rule_errors`), as `_(error.template).format(**error.arguments)`.
"""

from datetime import date


def _lt(template: str) -> str:
	"""Mark a message template for translation, and return it unchanged.

	Frappe's translation extractors collect the text of every `_lt("...")` call, so the templates of
	the rules reach the app's translations; the rules themselves never translate (they know no
	language): the template is translated where the message is shown."""
	return template


class RuleError(ValueError):
	"""A value breaks a rule.

	`field` is the fieldname the message is about; `template` the message, in English, with
	`{name}` placeholders; `arguments` the values of the placeholders; `row` the number of the
	child-table row it is about, if it is about one.
	"""

	def __init__(self, field: str, template: str, /, *, row: int | None = None, **arguments):
		self.field = field
		self.template = template
		self.arguments = arguments
		self.row = row
		super().__init__(self.message)

	@property
	def message(self) -> str:
		"""The message in English, for logs and the plain tests; users see it translated."""
		text = self.template.format(**{name: _english(value) for name, value in self.arguments.items()})
		return f"Row #{self.row}: {text}" if self.row else text


def _english(value):
	return f"{value:%d-%m-%Y}" if isinstance(value, date) else value
