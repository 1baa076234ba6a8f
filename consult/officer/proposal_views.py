"""Placeholder: filled in by the consultations work."""
