"""Pure rules of the app: no database, no `import frappe`.

Each rule raises `RuleError` with a message that names the field, so that a controller can pass
the message on unchanged and the plain pytest suite can test the rule on its own.
"""


class RuleError(ValueError):
	"""A value breaks a rule. `field` is the fieldname the message is about."""

	def __init__(self, field: str, message: str):
		super().__init__(message)
		self.field = field
		self.message = message
