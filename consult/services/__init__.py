"""Use cases: load, ask the domain, change, append the audit entry, commit."""
