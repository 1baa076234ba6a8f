"""Attacks, abuse and accounts: each protection proven by a test (issue 6)."""
