"""An import's groups of children (import_groups.py) run side by side, each in a process forked from
the import's, with a database connection of its own. Saving a child's records through their forms is
mostly Python, so one process keeps one core busy and leaves the database's mostly idle; two
processes on two cores take about half the time of one (docs/administrators/scaling.md).

The processes report each child as they finish it, for the import's progress, and their outcomes
when they end. One that fails (an error in the app, not a refused child) fails the import, with its
traceback, once the others have ended: what each committed is kept, and the import can be run again
(it finds the children already imported and leaves them unchanged)."""

import multiprocessing
import traceback
from collections.abc import Callable
from queue import Empty

import frappe

# How long the import waits for a word from its processes before it checks none has died.
WAIT_SECONDS = 5


class ImportProcessFailed(Exception):
	"""A process of the import stopped on an error; the message holds its traceback."""


def run_in_processes(
	groups: list[list[int]],
	work: Callable[[list[int], Callable[[], None]], list],
	on_child: Callable[[], None],
) -> dict[int, object]:
	"""`work(group, on_child)` for each group, each in a process of its own; the outcome of every
	position of every group. `on_child` is called here, in the import's process, for every child any
	process has finished."""
	context = multiprocessing.get_context("fork")  # the processes start with the import's memory
	messages = context.Queue()
	processes = [
		context.Process(target=_process, args=(index, work, group, messages), daemon=True)
		for index, group in enumerate(groups)
	]
	for process in processes:
		process.start()
	outcomes: dict[int, object] = {}
	failures: list[str] = []
	ended: set[int] = set()
	while len(ended) < len(processes):
		try:
			kind, index, content = messages.get(timeout=WAIT_SECONDS)
		except Empty:
			for index, process in enumerate(processes):
				if index not in ended and process.exitcode is not None:
					ended.add(index)
					failures.append(f"process {index + 1} ended with exit code {process.exitcode}")
			continue
		if kind == "child":
			on_child()
		elif kind == "done":
			outcomes.update(content)
			ended.add(index)
		else:
			failures.append(content)
			ended.add(index)
	for process in processes:
		process.join()
	if failures:
		raise ImportProcessFailed("\n".join(failures))
	return outcomes


def _process(index: int, work, group: list[int], messages) -> None:
	# A connection of its own. The import's, inherited, is dropped unused: pymysql then closes this
	# process's copy of its socket without a word to the server, and the import's stays open.
	frappe.connect()
	# Read committed, as the processes write side by side: under MariaDB's default (repeatable read)
	# the statements Frappe runs for each plan's workflow actions lock the gaps between the rows
	# they find, and two processes adding actions for their own plans deadlocked in a measured run.
	frappe.db.sql("set session transaction isolation level read committed")
	try:
		found = work(group, lambda: messages.put(("child", index, None)))
		messages.put(("done", index, dict(zip(group, found, strict=True))))
	except Exception:
		messages.put(("failed", index, traceback.format_exc()))
	finally:
		frappe.db.close()
