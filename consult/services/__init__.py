"""Use cases: the only code that changes state. Each loads what it needs inside its unit of work
(infrastructure/unit_of_work.py), asks the domain, changes, appends the audit entry; the unit of
work commits."""
