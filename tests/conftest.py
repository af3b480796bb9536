import sys
from pathlib import Path

# The plain suite imports the app's pure modules straight from the checkout; it never imports frappe.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
