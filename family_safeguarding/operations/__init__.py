"""Operations a council's IT team can watch: each run of the app's scheduled jobs kept beyond
Frappe's 7-day logs (runs.py), the scheduled entry points that keep them (jobs.py), and the hourly
check that tells the System Managers when the daily statutory job has stopped (outage.py). The
Safeguarding Health report shows all of it; docs/administrators/operations.md explains it."""
