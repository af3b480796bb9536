"""How the children of a census file are shared among the processes of an import (importer.py): each
group is imported by a process of its own, so no two groups may touch the same record. No Frappe.

Two children of a file meet only through what finds a child or holds its records: the LA child ID,
the UPN, the date of birth and sex, the child of the site a child is matched to, and that child's
family (whose legal status a plan changes). Children that share any of these, directly or through
others, are one group's, in the file's order, and the import of each group is then the import the
whole file would have made of them."""

from collections import defaultdict
from collections.abc import Hashable, Iterable


def groups_of(keys: list[Iterable[Hashable]], weights: list[int], groups: int) -> list[list[int]]:
	"""The positions of the children, in at most `groups` groups: the children sharing a key are in
	the same one, each group in the file's order, and the groups about as heavy as each other by the
	children's `weights` (the records each will write). Empty groups are left out."""
	holders = list(range(len(keys)))  # each child's link towards the first child of its set

	def first_of(position: int) -> int:
		while holders[position] != position:
			holders[position] = holders[holders[position]]
			position = holders[position]
		return position

	first_with_key: dict[Hashable, int] = {}
	for position, child_keys in enumerate(keys):
		for key in child_keys:
			other = first_with_key.setdefault(key, position)
			a, b = first_of(position), first_of(other)
			if a != b:
				holders[max(a, b)] = min(a, b)
	together: dict[int, list[int]] = defaultdict(list)
	for position in range(len(keys)):
		together[first_of(position)].append(position)
	loads, shared = [0] * groups, [[] for _ in range(groups)]
	# the heaviest sets first, each to the lightest group so far: within a set's weight of even
	for members in sorted(together.values(), key=lambda found: (-sum(weights[p] for p in found), found[0])):
		lightest = min(range(groups), key=lambda group: (loads[group], group))
		shared[lightest] += members
		loads[lightest] += sum(weights[p] for p in members)
	return [sorted(group) for group in shared if group]
