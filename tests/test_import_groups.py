"""How an import's children are shared among its processes (returns/import_groups.py): children that
share anything are one group's, in the file's order, and the groups weigh about the same."""

from family_safeguarding.returns.import_groups import groups_of


def test_children_sharing_nothing_are_shared_out_evenly_in_the_files_order():
	keys = [{("LA child ID", f"C{n}")} for n in range(6)]
	groups = groups_of(keys, [1] * 6, 2)
	assert sorted(map(len, groups)) == [3, 3]
	assert sorted(position for group in groups for position in group) == list(range(6))
	assert all(group == sorted(group) for group in groups)


def test_children_sharing_a_key_directly_or_through_another_are_one_groups():
	keys = [
		{("LA child ID", "A"), ("UPN", "U1")},
		{("LA child ID", "B")},
		{("LA child ID", "C"), ("born", "2015-01-01", "M")},
		{("LA child ID", "D"), ("UPN", "U1"), ("family", "FAM-1")},
		{("LA child ID", "E"), ("family", "FAM-1")},
		{("LA child ID", "F"), ("born", "2015-01-01", "M")},
	]
	groups = groups_of(keys, [1] * 6, 3)
	by_child = {position: index for index, group in enumerate(groups) for position in group}
	# A and D share a UPN, D and E a family: A, D and E are one group's though A and E share nothing
	assert by_child[0] == by_child[3] == by_child[4]
	assert by_child[2] == by_child[5]
	assert len({by_child[0], by_child[1], by_child[2]}) == 3


def test_a_heavy_set_of_children_is_not_joined_by_more_than_the_others_need():
	keys = [{("family", "F")}, {("family", "F")}, {("family", "F")}, {("x", 1)}, {("x", 2)}, {("x", 3)}]
	groups = groups_of(keys, [2, 2, 2, 2, 2, 2], 2)
	assert groups == [[0, 1, 2], [3, 4, 5]]


def test_more_processes_than_children_leave_no_empty_group():
	assert groups_of([{("LA child ID", "A")}, {("LA child ID", "B")}], [1, 1], 4) == [[0], [1]]
	assert groups_of([], [], 2) == []


def test_one_process_takes_every_child_in_order():
	keys = [{("LA child ID", f"C{n}")} for n in range(5)]
	assert groups_of(keys, [5, 1, 4, 2, 3], 1) == [[0, 1, 2, 3, 4]]
