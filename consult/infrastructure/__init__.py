"""Plumbing the use cases stand on: the unit of work (locks, commits, retries), mail, signed
tokens, password hashing, keyed hashes of mailboxes, and backups."""
