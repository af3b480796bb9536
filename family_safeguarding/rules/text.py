"""Text as the print formats show it."""

from markupsafe import Markup, escape


def escaped_lines(text) -> Markup:
	"""`text` escaped for HTML, its line breaks kept as <br>."""
	if text is None:
		return Markup("")
	return Markup("<br>").join(escape(line) for line in str(text).splitlines())
