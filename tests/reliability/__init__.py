"""Faults and durability: concurrency, crashes, failed writes, backups (issue 6)."""
