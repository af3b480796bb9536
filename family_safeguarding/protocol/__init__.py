"""The information-sharing protocol beyond the row-level rule: writes, side tables, superusers."""
