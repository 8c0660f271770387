"""The notifications outbox: one row per message to send."""
