"""Pure rules of the platform: no Flask, no database, no clock."""
